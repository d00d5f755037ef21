package dev.switchyard.runtime.pjrt;

/**
 * The function slots of {@code PJRT_Api}, in the header's order: the slot of a function is its
 * ordinal, at byte offset {@code 40 + 8 * ordinal}. Listed up to the last slot this binding calls
 * (and the few around it); a plugin's {@code struct_size} says which slots it actually has.
 */
enum PjrtFunction {
    Error_Destroy, Error_Message, Error_GetCode, Plugin_Initialize, Plugin_Attributes,
    Event_Destroy, Event_IsReady, Event_Error, Event_Await, Event_OnReady,
    Client_Create, Client_Destroy, Client_PlatformName, Client_ProcessIndex, Client_PlatformVersion,
    Client_Devices, Client_AddressableDevices, Client_LookupDevice, Client_LookupAddressableDevice,
    Client_AddressableMemories, Client_Compile, Client_DefaultDeviceAssignment, Client_BufferFromHostBuffer,
    DeviceDescription_Id, DeviceDescription_ProcessIndex, DeviceDescription_Attributes, DeviceDescription_Kind,
    DeviceDescription_DebugString, DeviceDescription_ToString,
    Device_GetDescription, Device_IsAddressable, Device_LocalHardwareId, Device_AddressableMemories,
    Device_DefaultMemory, Device_MemoryStats,
    Memory_Id, Memory_Kind, Memory_DebugString, Memory_ToString, Memory_AddressableByDevices,
    Executable_Destroy, Executable_Name, Executable_NumReplicas, Executable_NumPartitions, Executable_NumOutputs,
    Executable_SizeOfGeneratedCodeInBytes, Executable_GetCostAnalysis, Executable_OutputMemoryKinds,
    Executable_OptimizedProgram, Executable_Serialize,
    LoadedExecutable_Destroy, LoadedExecutable_GetExecutable, LoadedExecutable_AddressableDevices,
    LoadedExecutable_Delete, LoadedExecutable_IsDeleted, LoadedExecutable_Execute,
    Executable_DeserializeAndLoad, LoadedExecutable_Fingerprint,
    Buffer_Destroy, Buffer_ElementType, Buffer_Dimensions, Buffer_UnpaddedDimensions,
    Buffer_DynamicDimensionIndices, Buffer_GetMemoryLayout, Buffer_OnDeviceSizeInBytes, Buffer_Device,
    Buffer_Memory, Buffer_Delete, Buffer_IsDeleted, Buffer_CopyToDevice, Buffer_ToHostBuffer,
    Buffer_IsOnCpu, Buffer_ReadyEvent;

    /** Offset of {@code PJRT_Api}'s first function pointer: struct_size, extension_start, then the 24-byte PJRT_Api_Version. */
    static final long FIRST_SLOT_OFFSET = 16 + 24;

    long offset() { return FIRST_SLOT_OFFSET + 8L * ordinal(); }

    /** The C name, e.g. {@code PJRT_Client_Compile}. */
    String cName() { return "PJRT_" + name(); }
}
