package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.StructType.bool;
import static dev.switchyard.runtime.pjrt.StructType.i32;
import static dev.switchyard.runtime.pjrt.StructType.ptr;
import static dev.switchyard.runtime.pjrt.StructType.size;
import static dev.switchyard.runtime.pjrt.StructType.union;

import java.util.List;

/**
 * Every PJRT struct this binding touches, field by field in the order of openxla/xla
 * {@code xla/pjrt/c/pjrt_c_api.h} at API 0.104. Fields are only ever appended by newer headers, so
 * a struct here is the newest layout we know; {@code struct_size} tells the plugin how much of it
 * we filled in. To bind a newer field, append it here and nowhere else.
 */
final class PjrtStructs {
    private PjrtStructs() {}

    private static StructType args(String name, StructType.Field... rest) {
        StructType.Field[] all = new StructType.Field[rest.length + 2];
        all[0] = size("struct_size");
        all[1] = ptr("extension_start");
        System.arraycopy(rest, 0, all, 2, rest.length);
        return StructType.of(name, all);
    }

    static final StructType API_VERSION = args("PJRT_Api_Version", i32("major_version"), i32("minor_version"));

    static final StructType ERROR_DESTROY = args("PJRT_Error_Destroy_Args", ptr("error"));
    static final StructType ERROR_MESSAGE = args("PJRT_Error_Message_Args", ptr("error"), ptr("message"), size("message_size"));
    static final StructType ERROR_GET_CODE = args("PJRT_Error_GetCode_Args", ptr("error"), i32("code"));

    /** {@code type} is PJRT_NamedValue_Type: 0 string, 1 int64, 2 int64 list, 3 float, 4 bool. */
    static final StructType NAMED_VALUE = args("PJRT_NamedValue",
            ptr("name"), size("name_size"), i32("type"), union("value"), size("value_size"));

    static final StructType PLUGIN_INITIALIZE = args("PJRT_Plugin_Initialize_Args");
    static final StructType PLUGIN_ATTRIBUTES = args("PJRT_Plugin_Attributes_Args", ptr("attributes"), size("num_attributes"));

    static final StructType EVENT_DESTROY = args("PJRT_Event_Destroy_Args", ptr("event"));
    static final StructType EVENT_AWAIT = args("PJRT_Event_Await_Args", ptr("event"));

    static final StructType CLIENT_CREATE = args("PJRT_Client_Create_Args",
            ptr("create_options"), size("num_options"),
            ptr("kv_get_callback"), ptr("kv_get_user_arg"), ptr("kv_put_callback"), ptr("kv_put_user_arg"),
            ptr("client"), ptr("kv_try_get_callback"), ptr("kv_try_get_user_arg"));
    /** The key-value callbacks' args, which the plugin fills and our upcalls read. */
    static final StructType KV_GET_CALLBACK = args("PJRT_KeyValueGetCallback_Args",
            ptr("key"), size("key_size"), i32("timeout_in_ms"), ptr("callback_error"), ptr("user_arg"),
            ptr("value"), size("value_size"), ptr("value_deleter_callback"));
    static final StructType KV_TRY_GET_CALLBACK = args("PJRT_KeyValueTryGetCallback_Args",
            ptr("key"), size("key_size"), ptr("callback_error"), ptr("user_arg"),
            ptr("value"), size("value_size"), ptr("value_deleter_callback"));
    static final StructType KV_PUT_CALLBACK = args("PJRT_KeyValuePutCallback_Args",
            ptr("key"), size("key_size"), ptr("value"), size("value_size"), ptr("callback_error"), ptr("user_arg"));
    static final StructType CLIENT_DEVICES = args("PJRT_Client_Devices_Args", ptr("client"), ptr("devices"), size("num_devices"));
    static final StructType CLIENT_PROCESS_INDEX = args("PJRT_Client_ProcessIndex_Args", ptr("client"), i32("process_index"));
    static final StructType DEVICE_DESCRIPTION_PROCESS_INDEX = args("PJRT_DeviceDescription_ProcessIndex_Args",
            ptr("device_description"), i32("process_index"));
    static final StructType DEVICE_IS_ADDRESSABLE = args("PJRT_Device_IsAddressable_Args", ptr("device"), bool("is_addressable"));
    static final StructType CLIENT_DESTROY = args("PJRT_Client_Destroy_Args", ptr("client"));
    static final StructType CLIENT_PLATFORM_NAME = args("PJRT_Client_PlatformName_Args",
            ptr("client"), ptr("platform_name"), size("platform_name_size"));
    static final StructType CLIENT_PLATFORM_VERSION = args("PJRT_Client_PlatformVersion_Args",
            ptr("client"), ptr("platform_version"), size("platform_version_size"));
    static final StructType CLIENT_ADDRESSABLE_DEVICES = args("PJRT_Client_AddressableDevices_Args",
            ptr("client"), ptr("addressable_devices"), size("num_addressable_devices"));

    static final StructType PROGRAM = args("PJRT_Program", ptr("code"), size("code_size"), ptr("format"), size("format_size"));
    static final StructType CLIENT_COMPILE = args("PJRT_Client_Compile_Args",
            ptr("client"), ptr("program"), ptr("compile_options"), size("compile_options_size"), ptr("executable"));

    static final StructType CLIENT_BUFFER_FROM_HOST = args("PJRT_Client_BufferFromHostBuffer_Args",
            ptr("client"), ptr("data"), i32("type"), ptr("dims"), size("num_dims"),
            ptr("byte_strides"), size("num_byte_strides"), i32("host_buffer_semantics"),
            ptr("device"), ptr("memory"), ptr("device_layout"), ptr("done_with_host_buffer"), ptr("buffer"));

    static final StructType DEVICE_DESCRIPTION_ID = args("PJRT_DeviceDescription_Id_Args", ptr("device_description"), i32("id"));
    static final StructType DEVICE_DESCRIPTION_KIND = args("PJRT_DeviceDescription_Kind_Args",
            ptr("device_description"), ptr("device_kind"), size("device_kind_size"));
    static final StructType DEVICE_DESCRIPTION_DEBUG_STRING = args("PJRT_DeviceDescription_DebugString_Args",
            ptr("device_description"), ptr("debug_string"), size("debug_string_size"));
    static final StructType DEVICE_DESCRIPTION_TO_STRING = args("PJRT_DeviceDescription_ToString_Args",
            ptr("device_description"), ptr("to_string"), size("to_string_size"));
    static final StructType DEVICE_GET_DESCRIPTION = args("PJRT_Device_GetDescription_Args", ptr("device"), ptr("device_description"));
    static final StructType DEVICE_LOCAL_HARDWARE_ID = args("PJRT_Device_LocalHardwareId_Args", ptr("device"), i32("local_hardware_id"));

    static final StructType EXECUTABLE_DESTROY = args("PJRT_Executable_Destroy_Args", ptr("executable"));
    static final StructType LOADED_EXECUTABLE_DESTROY = args("PJRT_LoadedExecutable_Destroy_Args", ptr("executable"));
    static final StructType LOADED_EXECUTABLE_GET_EXECUTABLE = args("PJRT_LoadedExecutable_GetExecutable_Args",
            ptr("loaded_executable"), ptr("executable"));
    static final StructType EXECUTABLE_NUM_OUTPUTS = args("PJRT_Executable_NumOutputs_Args", ptr("executable"), size("num_outputs"));
    static final StructType LOADED_EXECUTABLE_ADDRESSABLE_DEVICES = args("PJRT_LoadedExecutable_AddressableDevices_Args",
            ptr("executable"), ptr("addressable_devices"), size("num_addressable_devices"));

    static final StructType EXECUTE_OPTIONS = args("PJRT_ExecuteOptions",
            ptr("send_callbacks"), ptr("recv_callbacks"), size("num_send_ops"), size("num_recv_ops"),
            i32("launch_id"), ptr("non_donatable_input_indices"), size("num_non_donatable_input_indices"),
            ptr("context"), ptr("call_location"), size("num_tasks"), ptr("task_ids"), ptr("incarnation_ids"),
            ptr("multi_slice_config"));
    static final StructType LOADED_EXECUTABLE_EXECUTE = args("PJRT_LoadedExecutable_Execute_Args",
            ptr("executable"), ptr("options"), ptr("argument_lists"), size("num_devices"), size("num_args"),
            ptr("output_lists"), ptr("device_complete_events"), ptr("execute_device"));

    static final StructType EXECUTABLE_SERIALIZE = args("PJRT_Executable_Serialize_Args",
            ptr("executable"), ptr("serialized_bytes"), size("serialized_bytes_size"),
            ptr("serialized_executable"), ptr("serialized_executable_deleter"));
    static final StructType EXECUTABLE_DESERIALIZE_AND_LOAD = args("PJRT_Executable_DeserializeAndLoad_Args",
            ptr("client"), ptr("serialized_executable"), size("serialized_executable_size"), ptr("loaded_executable"),
            ptr("overridden_serialized_compile_options"), size("overridden_serialized_compile_options_size"),
            // 0.112+: plugins of that age reject the shorter struct; NULL = default load options
            ptr("load_options"));

    static final StructType BUFFER_DESTROY = args("PJRT_Buffer_Destroy_Args", ptr("buffer"));
    static final StructType BUFFER_ELEMENT_TYPE = args("PJRT_Buffer_ElementType_Args", ptr("buffer"), i32("type"));
    static final StructType BUFFER_DIMENSIONS = args("PJRT_Buffer_Dimensions_Args", ptr("buffer"), ptr("dims"), size("num_dims"));
    static final StructType BUFFER_TO_HOST = args("PJRT_Buffer_ToHostBuffer_Args",
            ptr("src"), ptr("host_layout"), ptr("dst"), size("dst_size"), ptr("event"));

    /** Every struct above, for the layout test. */
    static final List<StructType> ALL = List.of(API_VERSION, ERROR_DESTROY, ERROR_MESSAGE, ERROR_GET_CODE, NAMED_VALUE,
            PLUGIN_INITIALIZE, PLUGIN_ATTRIBUTES, EVENT_DESTROY, EVENT_AWAIT, CLIENT_CREATE, CLIENT_DESTROY,
            CLIENT_PLATFORM_NAME, CLIENT_PLATFORM_VERSION, CLIENT_ADDRESSABLE_DEVICES, PROGRAM, CLIENT_COMPILE,
            CLIENT_BUFFER_FROM_HOST, DEVICE_DESCRIPTION_ID, DEVICE_DESCRIPTION_KIND, DEVICE_DESCRIPTION_DEBUG_STRING,
            DEVICE_DESCRIPTION_TO_STRING, DEVICE_GET_DESCRIPTION, DEVICE_LOCAL_HARDWARE_ID, EXECUTABLE_DESTROY,
            LOADED_EXECUTABLE_DESTROY, LOADED_EXECUTABLE_GET_EXECUTABLE, EXECUTABLE_NUM_OUTPUTS,
            LOADED_EXECUTABLE_ADDRESSABLE_DEVICES, EXECUTE_OPTIONS, LOADED_EXECUTABLE_EXECUTE, EXECUTABLE_SERIALIZE,
            EXECUTABLE_DESERIALIZE_AND_LOAD, BUFFER_DESTROY, BUFFER_ELEMENT_TYPE, BUFFER_DIMENSIONS, BUFFER_TO_HOST,
            KV_GET_CALLBACK, KV_TRY_GET_CALLBACK, KV_PUT_CALLBACK, CLIENT_DEVICES, CLIENT_PROCESS_INDEX,
            DEVICE_DESCRIPTION_PROCESS_INDEX, DEVICE_IS_ADDRESSABLE);
}
