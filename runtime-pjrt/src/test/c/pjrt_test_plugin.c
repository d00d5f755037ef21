/*
 * A PJRT plugin for tests: implements the PJRT C API calls that Switchyard's Java binding makes,
 * with struct layouts written here from the field order of openxla/xla xla/pjrt/c/pjrt_c_api.h
 * (API 0.104). It has no device: 4 fake addressable devices hold buffers in host memory.
 *
 * What it does beyond answering:
 *  - checks every args struct's struct_size against the size this file computes
 *    (offsetof(last field) + sizeof(last field)), so a Java layout that drifts fails loudly;
 *  - records the last program text, compile options and client create options (tests read them);
 *  - "executes": a program containing "stablehlo.add" adds two f32 arguments elementwise, any
 *    other program returns copies of its arguments (it reads @main's arguments and their
 *    tf.aliasing_output from the pretty form, or from the generic form of a one-function module);
 *  - defers the host-to-device copy of kImmutableUntilTransferCompletes until the
 *    done_with_host_buffer event is awaited or destroyed, so a caller that frees host memory first
 *    reads garbage;
 *  - fails the next call of a named function on request, and counts live objects (leak checks);
 *  - exports a table of its own field offsets, which the Java layout test compares against.
 *
 * Build: gcc -shared -fPIC -O1 -o libpjrt_test_plugin.so pjrt_test_plugin.c
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#define TEST_API_MAJOR 0
#define TEST_API_MINOR 104
#define NUM_DEVICES 4   /* devices per process unless sy_devices_per_process says otherwise */
#define MAX_DEVICES 64  /* global devices of a multi-process client */

typedef struct PJRT_Error PJRT_Error;
typedef struct PJRT_Event PJRT_Event;
typedef struct PJRT_Client PJRT_Client;
typedef struct PJRT_Device PJRT_Device;
typedef struct PJRT_DeviceDescription PJRT_DeviceDescription;
typedef struct PJRT_Executable PJRT_Executable;
typedef struct PJRT_LoadedExecutable PJRT_LoadedExecutable;
typedef struct PJRT_Buffer PJRT_Buffer;
typedef void* ptr;

/* ---- layouts: one X-macro per args struct, in the header's field order ---- */
#define HEAD(F, S) F(S, size_t, struct_size) F(S, ptr, extension_start)

#define S_Error_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_Error*, error)
#define S_Error_Message_Args(F, S) HEAD(F, S) F(S, PJRT_Error*, error) F(S, const char*, message) F(S, size_t, message_size)
#define S_Error_GetCode_Args(F, S) HEAD(F, S) F(S, PJRT_Error*, error) F(S, int, code)
#define S_Plugin_Initialize_Args(F, S) HEAD(F, S)
#define S_Plugin_Attributes_Args(F, S) HEAD(F, S) F(S, ptr, attributes) F(S, size_t, num_attributes)
#define S_Event_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_Event*, event)
#define S_Event_Await_Args(F, S) HEAD(F, S) F(S, PJRT_Event*, event)
#define S_Client_Create_Args(F, S) HEAD(F, S) F(S, ptr, create_options) F(S, size_t, num_options) \
    F(S, ptr, kv_get_callback) F(S, ptr, kv_get_user_arg) F(S, ptr, kv_put_callback) F(S, ptr, kv_put_user_arg) \
    F(S, PJRT_Client*, client) F(S, ptr, kv_try_get_callback) F(S, ptr, kv_try_get_user_arg)
#define S_Client_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client)
#define S_Client_PlatformName_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, const char*, platform_name) F(S, size_t, platform_name_size)
#define S_Client_PlatformVersion_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, const char*, platform_version) F(S, size_t, platform_version_size)
#define S_Client_AddressableDevices_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, PJRT_Device**, addressable_devices) F(S, size_t, num_addressable_devices)
#define S_Program(F, S) HEAD(F, S) F(S, char*, code) F(S, size_t, code_size) F(S, const char*, format) F(S, size_t, format_size)
#define S_Client_Compile_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, const struct PJRT_Program*, program) \
    F(S, const char*, compile_options) F(S, size_t, compile_options_size) F(S, PJRT_LoadedExecutable*, executable)
#define S_Client_BufferFromHostBuffer_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, const void*, data) F(S, int, type) \
    F(S, const int64_t*, dims) F(S, size_t, num_dims) F(S, const int64_t*, byte_strides) F(S, size_t, num_byte_strides) \
    F(S, int, host_buffer_semantics) F(S, PJRT_Device*, device) F(S, ptr, memory) F(S, ptr, device_layout) \
    F(S, PJRT_Event*, done_with_host_buffer) F(S, PJRT_Buffer*, buffer)
#define S_DeviceDescription_Id_Args(F, S) HEAD(F, S) F(S, PJRT_DeviceDescription*, device_description) F(S, int, id)
#define S_DeviceDescription_Kind_Args(F, S) HEAD(F, S) F(S, PJRT_DeviceDescription*, device_description) F(S, const char*, device_kind) F(S, size_t, device_kind_size)
#define S_DeviceDescription_DebugString_Args(F, S) HEAD(F, S) F(S, PJRT_DeviceDescription*, device_description) F(S, const char*, debug_string) F(S, size_t, debug_string_size)
#define S_DeviceDescription_ToString_Args(F, S) HEAD(F, S) F(S, PJRT_DeviceDescription*, device_description) F(S, const char*, to_string) F(S, size_t, to_string_size)
#define S_Device_GetDescription_Args(F, S) HEAD(F, S) F(S, PJRT_Device*, device) F(S, PJRT_DeviceDescription*, device_description)
#define S_Device_LocalHardwareId_Args(F, S) HEAD(F, S) F(S, PJRT_Device*, device) F(S, int, local_hardware_id)
#define S_Executable_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_Executable*, executable)
#define S_LoadedExecutable_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_LoadedExecutable*, executable)
#define S_LoadedExecutable_GetExecutable_Args(F, S) HEAD(F, S) F(S, PJRT_LoadedExecutable*, loaded_executable) F(S, PJRT_Executable*, executable)
#define S_Executable_NumOutputs_Args(F, S) HEAD(F, S) F(S, PJRT_Executable*, executable) F(S, size_t, num_outputs)
#define S_LoadedExecutable_AddressableDevices_Args(F, S) HEAD(F, S) F(S, PJRT_LoadedExecutable*, executable) F(S, PJRT_Device**, addressable_devices) F(S, size_t, num_addressable_devices)
#define S_ExecuteOptions(F, S) HEAD(F, S) F(S, ptr, send_callbacks) F(S, ptr, recv_callbacks) F(S, size_t, num_send_ops) F(S, size_t, num_recv_ops) \
    F(S, int, launch_id) F(S, const int64_t*, non_donatable_input_indices) F(S, size_t, num_non_donatable_input_indices) F(S, ptr, context) \
    F(S, const char*, call_location) F(S, size_t, num_tasks) F(S, int*, task_ids) F(S, int64_t*, incarnation_ids) F(S, ptr, multi_slice_config)
#define S_LoadedExecutable_Execute_Args(F, S) HEAD(F, S) F(S, PJRT_LoadedExecutable*, executable) F(S, struct PJRT_ExecuteOptions*, options) \
    F(S, PJRT_Buffer***, argument_lists) F(S, size_t, num_devices) F(S, size_t, num_args) F(S, PJRT_Buffer***, output_lists) \
    F(S, PJRT_Event**, device_complete_events) F(S, PJRT_Device*, execute_device)
#define S_Executable_Serialize_Args(F, S) HEAD(F, S) F(S, PJRT_Executable*, executable) F(S, const char*, serialized_bytes) \
    F(S, size_t, serialized_bytes_size) F(S, ptr, serialized_executable) F(S, ptr, serialized_executable_deleter)
#define S_Executable_DeserializeAndLoad_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, const char*, serialized_executable) \
    F(S, size_t, serialized_executable_size) F(S, PJRT_LoadedExecutable*, loaded_executable) \
    F(S, const char*, overridden_serialized_compile_options) F(S, size_t, overridden_serialized_compile_options_size) \
    F(S, ptr, load_options)
/* the key-value store callbacks the caller of Client_Create provides (the plugin fills these args) */
#define S_KeyValueGetCallback_Args(F, S) HEAD(F, S) F(S, const char*, key) F(S, size_t, key_size) F(S, int, timeout_in_ms) \
    F(S, ptr, callback_error) F(S, ptr, user_arg) F(S, char*, value) F(S, size_t, value_size) F(S, ptr, value_deleter_callback)
#define S_KeyValueTryGetCallback_Args(F, S) HEAD(F, S) F(S, const char*, key) F(S, size_t, key_size) \
    F(S, ptr, callback_error) F(S, ptr, user_arg) F(S, char*, value) F(S, size_t, value_size) F(S, ptr, value_deleter_callback)
#define S_KeyValuePutCallback_Args(F, S) HEAD(F, S) F(S, const char*, key) F(S, size_t, key_size) F(S, const char*, value) \
    F(S, size_t, value_size) F(S, ptr, callback_error) F(S, ptr, user_arg)
#define S_Client_Devices_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, PJRT_Device**, devices) F(S, size_t, num_devices)
#define S_Client_ProcessIndex_Args(F, S) HEAD(F, S) F(S, PJRT_Client*, client) F(S, int, process_index)
#define S_DeviceDescription_ProcessIndex_Args(F, S) HEAD(F, S) F(S, PJRT_DeviceDescription*, device_description) F(S, int, process_index)
#define S_Device_IsAddressable_Args(F, S) HEAD(F, S) F(S, PJRT_Device*, device) F(S, bool, is_addressable)
#define S_Buffer_Destroy_Args(F, S) HEAD(F, S) F(S, PJRT_Buffer*, buffer)
#define S_Buffer_ElementType_Args(F, S) HEAD(F, S) F(S, PJRT_Buffer*, buffer) F(S, int, type)
#define S_Buffer_Dimensions_Args(F, S) HEAD(F, S) F(S, PJRT_Buffer*, buffer) F(S, const int64_t*, dims) F(S, size_t, num_dims)
#define S_Buffer_ToHostBuffer_Args(F, S) HEAD(F, S) F(S, PJRT_Buffer*, src) F(S, ptr, host_layout) F(S, void*, dst) F(S, size_t, dst_size) F(S, PJRT_Event*, event)

#define ALL_STRUCTS(X) \
    X(Error_Destroy_Args) X(Error_Message_Args) X(Error_GetCode_Args) X(Plugin_Initialize_Args) \
    X(Plugin_Attributes_Args) X(Event_Destroy_Args) X(Event_Await_Args) X(Client_Create_Args) \
    X(Client_Destroy_Args) X(Client_PlatformName_Args) X(Client_PlatformVersion_Args) \
    X(Client_AddressableDevices_Args) X(Program) X(Client_Compile_Args) X(Client_BufferFromHostBuffer_Args) \
    X(DeviceDescription_Id_Args) X(DeviceDescription_Kind_Args) X(DeviceDescription_DebugString_Args) \
    X(DeviceDescription_ToString_Args) X(Device_GetDescription_Args) X(Device_LocalHardwareId_Args) \
    X(Executable_Destroy_Args) X(LoadedExecutable_Destroy_Args) X(LoadedExecutable_GetExecutable_Args) \
    X(Executable_NumOutputs_Args) X(LoadedExecutable_AddressableDevices_Args) X(ExecuteOptions) \
    X(LoadedExecutable_Execute_Args) X(Executable_Serialize_Args) X(Executable_DeserializeAndLoad_Args) \
    X(Buffer_Destroy_Args) X(Buffer_ElementType_Args) X(Buffer_Dimensions_Args) X(Buffer_ToHostBuffer_Args) \
    X(KeyValueGetCallback_Args) X(KeyValueTryGetCallback_Args) X(KeyValuePutCallback_Args) X(Client_Devices_Args) \
    X(Client_ProcessIndex_Args) X(DeviceDescription_ProcessIndex_Args) X(Device_IsAddressable_Args)

#define FIELD_DECL(S, type, name) type name;
#define DECLARE(S) typedef struct PJRT_##S { S_##S(FIELD_DECL, S) } PJRT_##S;
ALL_STRUCTS(DECLARE)

/* PJRT_NamedValue has an anonymous union in the header; here the union is named `value`. */
typedef struct PJRT_NamedValue {
    size_t struct_size;
    ptr extension_start;
    const char* name;
    size_t name_size;
    int type; /* 0 string, 1 int64, 2 int64 list, 3 float, 4 bool */
    union { const char* string_value; int64_t int64_value; const int64_t* int64_array_value; float float_value; bool bool_value; } value;
    size_t value_size;
} PJRT_NamedValue;
#define S_NamedValue(F, S) HEAD(F, S) F(S, const char*, name) F(S, size_t, name_size) F(S, int, type) F(S, int64_t, value) F(S, size_t, value_size)

typedef struct PJRT_Api_Version { size_t struct_size; ptr extension_start; int major_version; int minor_version; } PJRT_Api_Version;
#define S_Api_Version(F, S) HEAD(F, S) F(S, int, major_version) F(S, int, minor_version)

#define EVERY_STRUCT(X) ALL_STRUCTS(X) X(NamedValue) X(Api_Version)

/* The struct_size rule: offsetof(last field) + sizeof(last field), not the padded sizeof. */
#define LAST_END(S, type, name) end = offsetof(PJRT_##S, name) + sizeof(((PJRT_##S*)0)->name);
#define SIZE_FN(S) static size_t expected_size_##S(void) { size_t end = 0; S_##S(LAST_END, S) return end; }
EVERY_STRUCT(SIZE_FN)

/* ---- the exported layout table: what gcc says every field's offset and size is ---- */
typedef struct { const char* struct_name; const char* field; size_t offset; size_t size; } LayoutEntry;
#define ENTRY(S, type, name) { "PJRT_" #S, #name, offsetof(PJRT_##S, name), sizeof(((PJRT_##S*)0)->name) },
#define TABLE(S) S_##S(ENTRY, S)
static const LayoutEntry layout_table[] = { EVERY_STRUCT(TABLE) };

size_t sy_test_layout_count(void) { return sizeof(layout_table) / sizeof(layout_table[0]); }
const LayoutEntry* sy_test_layout_entry(size_t i) { return i < sy_test_layout_count() ? &layout_table[i] : NULL; }

/* ---- the function table: slot i at offset 40 + 8 i, in the header's order ---- */
#define API_SLOTS(X) \
    X(Error_Destroy) X(Error_Message) X(Error_GetCode) X(Plugin_Initialize) X(Plugin_Attributes) \
    X(Event_Destroy) X(Event_IsReady) X(Event_Error) X(Event_Await) X(Event_OnReady) \
    X(Client_Create) X(Client_Destroy) X(Client_PlatformName) X(Client_ProcessIndex) X(Client_PlatformVersion) \
    X(Client_Devices) X(Client_AddressableDevices) X(Client_LookupDevice) X(Client_LookupAddressableDevice) \
    X(Client_AddressableMemories) X(Client_Compile) X(Client_DefaultDeviceAssignment) X(Client_BufferFromHostBuffer) \
    X(DeviceDescription_Id) X(DeviceDescription_ProcessIndex) X(DeviceDescription_Attributes) X(DeviceDescription_Kind) \
    X(DeviceDescription_DebugString) X(DeviceDescription_ToString) \
    X(Device_GetDescription) X(Device_IsAddressable) X(Device_LocalHardwareId) X(Device_AddressableMemories) \
    X(Device_DefaultMemory) X(Device_MemoryStats) \
    X(Memory_Id) X(Memory_Kind) X(Memory_DebugString) X(Memory_ToString) X(Memory_AddressableByDevices) \
    X(Executable_Destroy) X(Executable_Name) X(Executable_NumReplicas) X(Executable_NumPartitions) \
    X(Executable_NumOutputs) X(Executable_SizeOfGeneratedCodeInBytes) X(Executable_GetCostAnalysis) \
    X(Executable_OutputMemoryKinds) X(Executable_OptimizedProgram) X(Executable_Serialize) \
    X(LoadedExecutable_Destroy) X(LoadedExecutable_GetExecutable) X(LoadedExecutable_AddressableDevices) \
    X(LoadedExecutable_Delete) X(LoadedExecutable_IsDeleted) X(LoadedExecutable_Execute) \
    X(Executable_DeserializeAndLoad) X(LoadedExecutable_Fingerprint) \
    X(Buffer_Destroy) X(Buffer_ElementType) X(Buffer_Dimensions) X(Buffer_UnpaddedDimensions) \
    X(Buffer_DynamicDimensionIndices) X(Buffer_GetMemoryLayout) X(Buffer_OnDeviceSizeInBytes) X(Buffer_Device) \
    X(Buffer_Memory) X(Buffer_Delete) X(Buffer_IsDeleted) X(Buffer_CopyToDevice) X(Buffer_ToHostBuffer)

#define SLOT_FIELD(name) void* name;
typedef struct PJRT_Api {
    size_t struct_size;
    ptr extension_start;
    PJRT_Api_Version pjrt_api_version;
    API_SLOTS(SLOT_FIELD)
} PJRT_Api;

#define SLOT_ENTRY(name) { "PJRT_Api", "PJRT_" #name, offsetof(PJRT_Api, name), sizeof(void*) },
static const LayoutEntry api_table[] = { API_SLOTS(SLOT_ENTRY) };
size_t sy_test_api_slot_count(void) { return sizeof(api_table) / sizeof(api_table[0]); }
const LayoutEntry* sy_test_api_slot(size_t i) { return i < sy_test_api_slot_count() ? &api_table[i] : NULL; }

/* ---- objects ---- */
struct PJRT_Error { int code; char* message; size_t message_size; };
struct PJRT_Event { void* pending_dst; const void* pending_src; size_t pending_size; };
struct PJRT_DeviceDescription { int id; int process_index; char kind[32]; char debug[64]; char to_string[64]; };
struct PJRT_Device { PJRT_DeviceDescription description; bool addressable; int local_index; };
typedef PJRT_Error* (*KvGet)(PJRT_KeyValueGetCallback_Args*);
typedef PJRT_Error* (*KvTryGet)(PJRT_KeyValueTryGetCallback_Args*);
typedef PJRT_Error* (*KvPut)(PJRT_KeyValuePutCallback_Args*);
/* A client of process node_id of num_nodes: devices[id] for every global id; device i belongs to
 * process i % num_nodes (ids interleave over processes, as TPU ids are not contiguous per host). */
struct PJRT_Client {
    PJRT_Device devices[MAX_DEVICES]; PJRT_Device* global_list[MAX_DEVICES]; size_t num_global;
    PJRT_Device* device_list[MAX_DEVICES]; size_t num_local;
    int node_id, num_nodes, kv_timeout_ms;
    KvGet kv_get; void* kv_get_user_arg; KvPut kv_put; void* kv_put_user_arg; KvTryGet kv_try_get; void* kv_try_get_user_arg;
    long launches;
};
/* deleted: the buffer was donated to an execute (its memory now belongs to an output) */
struct PJRT_Buffer { int type; int64_t dims[16]; size_t num_dims; size_t size; unsigned char* data; PJRT_Device* device; bool deleted; };
#define MAX_ARGS 64
struct PJRT_LoadedExecutable {
    PJRT_Client* client; char* program; size_t program_size; char* options; size_t options_size;
    bool add; size_t num_outputs; size_t num_devices;
    int alias[MAX_ARGS]; /* tf.aliasing_output of each @main argument, -1 for none */
    PJRT_Device* device_list[MAX_DEVICES]; /* this process's devices in the assignment, in assignment order */
};
struct PJRT_Executable { PJRT_LoadedExecutable* loaded; };

static atomic_long live_objects;
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;

static void* counted_calloc(size_t n) { atomic_fetch_add(&live_objects, 1); return calloc(1, n); }
static void counted_free(void* p) { if (p) { atomic_fetch_sub(&live_objects, 1); free(p); } }

__attribute__((format(printf, 2, 3)))
static PJRT_Error* make_error(int code, const char* fmt, ...) {
    PJRT_Error* e = counted_calloc(sizeof(PJRT_Error));
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    e->code = code;
    e->message = strdup(buf);
    e->message_size = strlen(buf);
    return e;
}

/* ---- test controls (not part of PJRT) ---- */
static char fail_function[128];
static int fail_code;
static char fail_message[256];
static char* last_program; static size_t last_program_size;
static char* last_options; static size_t last_options_size;
static char last_create_options[1024];
static atomic_long kv_calls;
static long compile_count;
static atomic_long host_to_device_bytes, device_to_host_bytes;
static int64_t last_non_donatable[MAX_ARGS]; static size_t last_num_non_donatable;
static long donations;

void sy_test_fail_next(const char* function, int code, const char* message) {
    pthread_mutex_lock(&state_lock);
    snprintf(fail_function, sizeof fail_function, "%s", function);
    fail_code = code;
    snprintf(fail_message, sizeof fail_message, "%s", message);
    pthread_mutex_unlock(&state_lock);
}
long sy_test_live_objects(void) { return atomic_load(&live_objects); }
long sy_test_compile_count(void) { return compile_count; }
/* Key-value callbacks the plugin has made (get, try_get, put) since the start. */
long sy_test_kv_calls(void) { return atomic_load(&kv_calls); }
/* Bytes copied host -> device (BufferFromHostBuffer) and device -> host (ToHostBuffer) since the start. */
long sy_test_host_to_device_bytes(void) { return atomic_load(&host_to_device_bytes); }
long sy_test_device_to_host_bytes(void) { return atomic_load(&device_to_host_bytes); }
/* Inputs whose memory an execute handed to an output, since the start. */
long sy_test_donations(void) { return donations; }
const int64_t* sy_test_last_non_donatable(size_t* n) { *n = last_num_non_donatable; return last_non_donatable; }
const char* sy_test_last_program(size_t* size) { *size = last_program_size; return last_program; }
const char* sy_test_last_compile_options(size_t* size) { *size = last_options_size; return last_options; }
const char* sy_test_last_create_options(void) { return last_create_options; }

static PJRT_Error* injected(const char* function) {
    PJRT_Error* e = NULL;
    pthread_mutex_lock(&state_lock);
    if (fail_function[0] && strcmp(fail_function, function) == 0) {
        e = make_error(fail_code, "%s", fail_message);
        fail_function[0] = 0;
    }
    pthread_mutex_unlock(&state_lock);
    return e;
}

#define CHECK_IMPL(S, FN, args) do { \
        if ((args) == NULL) return make_error(3, "%s: args is NULL", FN); \
        if ((args)->struct_size != expected_size_##S()) \
            return make_error(3, "%s: struct_size %zu, expected %zu", "PJRT_" #S, (args)->struct_size, expected_size_##S()); \
        PJRT_Error* inj = injected(FN); \
        if (inj) return inj; \
    } while (0)
/* Checks the args of function FN, whose struct is PJRT_FN_Args, and fails it if a test asked to. */
#define CHECK_FN(FN, args) CHECK_IMPL(FN##_Args, "PJRT_" #FN, args)

/* ---- errors ---- */
static void Error_Destroy(PJRT_Error_Destroy_Args* a) {
    if (a->struct_size != expected_size_Error_Destroy_Args()) { fprintf(stderr, "test plugin: bad Error_Destroy struct_size\n"); abort(); }
    if (a->error) { free(a->error->message); counted_free(a->error); }
}
static void Error_Message(PJRT_Error_Message_Args* a) {
    if (a->struct_size != expected_size_Error_Message_Args()) { fprintf(stderr, "test plugin: bad Error_Message struct_size\n"); abort(); }
    a->message = a->error->message;
    a->message_size = a->error->message_size;
}
static PJRT_Error* Error_GetCode(PJRT_Error_GetCode_Args* a) { CHECK_FN(Error_GetCode, a); a->code = a->error->code; return NULL; }

/* ---- plugin ---- */
static const int64_t stablehlo_current[3] = {1, 9, 3};
static const int64_t stablehlo_minimum[3] = {0, 9, 0};
static PJRT_NamedValue attributes[3];

static PJRT_Error* Plugin_Initialize(PJRT_Plugin_Initialize_Args* a) { CHECK_FN(Plugin_Initialize, a); return NULL; }
static PJRT_Error* Plugin_Attributes(PJRT_Plugin_Attributes_Args* a) {
    CHECK_FN(Plugin_Attributes, a);
    const char* names[3] = {"stablehlo_current_version", "stablehlo_minimum_version", "sy_test_plugin"};
    for (int i = 0; i < 3; i++) {
        attributes[i].struct_size = expected_size_NamedValue();
        attributes[i].name = names[i];
        attributes[i].name_size = strlen(names[i]);
    }
    attributes[0].type = 2; attributes[0].value.int64_array_value = stablehlo_current; attributes[0].value_size = 3;
    attributes[1].type = 2; attributes[1].value.int64_array_value = stablehlo_minimum; attributes[1].value_size = 3;
    attributes[2].type = 0; attributes[2].value.string_value = "yes"; attributes[2].value_size = 3;
    a->attributes = attributes;
    a->num_attributes = 3;
    return NULL;
}

/* ---- events ---- */
static void complete(PJRT_Event* e) {
    if (e->pending_dst) { memcpy(e->pending_dst, e->pending_src, e->pending_size); e->pending_dst = NULL; }
}
static PJRT_Error* Event_Destroy(PJRT_Event_Destroy_Args* a) {
    CHECK_FN(Event_Destroy, a);
    if (a->event) { complete(a->event); counted_free(a->event); }
    return NULL;
}
static PJRT_Error* Event_Await(PJRT_Event_Await_Args* a) {
    CHECK_FN(Event_Await, a);
    if (!a->event) return make_error(3, "%s: event is NULL", "PJRT_Event_Await");
    complete(a->event);
    return NULL;
}

/* ---- the key-value store, as the GPU plugin uses it: blocking get with a timeout, try-get, put ---- */
static PJRT_Error* callback_error(int code, const char* message, size_t message_size) {
    return make_error(code, "%.*s", (int)message_size, message);
}
typedef PJRT_Error* (*CallbackError)(int, const char*, size_t);
static CallbackError callback_error_fn = callback_error;

/* A new error with `prefix: ` before the message of `cause`, which is destroyed. */
static PJRT_Error* wrap(PJRT_Error* cause, const char* prefix) {
    PJRT_Error* e = make_error(cause->code, "%s: %.*s", prefix, (int)cause->message_size, cause->message);
    free(cause->message); counted_free(cause);
    return e;
}
static PJRT_Error* kv_put(PJRT_Client* c, const char* key, const char* value) {
    PJRT_KeyValuePutCallback_Args a = {0};
    a.struct_size = expected_size_KeyValuePutCallback_Args();
    a.key = key; a.key_size = strlen(key); a.value = value; a.value_size = strlen(value);
    a.callback_error = &callback_error_fn; a.user_arg = c->kv_put_user_arg;
    atomic_fetch_add(&kv_calls, 1);
    return c->kv_put(&a);
}
/* Copies the value into out (NUL-terminated, truncated to out_size) and hands it back to the caller's deleter. */
static void take_value(char* value, size_t size, void* deleter, char* out, size_t out_size) {
    size_t n = size < out_size - 1 ? size : out_size - 1;
    memcpy(out, value, n); out[n] = 0;
    if (deleter) ((void (*)(char*))deleter)(value);
}
static PJRT_Error* kv_get(PJRT_Client* c, const char* key, char* out, size_t out_size) {
    atomic_fetch_add(&kv_calls, 1);
    if (c->kv_try_get) {
        PJRT_KeyValueTryGetCallback_Args t = {0};
        t.struct_size = expected_size_KeyValueTryGetCallback_Args();
        t.key = key; t.key_size = strlen(key); t.callback_error = &callback_error_fn; t.user_arg = c->kv_try_get_user_arg;
        PJRT_Error* e = c->kv_try_get(&t);
        if (e == NULL) { take_value(t.value, t.value_size, t.value_deleter_callback, out, out_size); return NULL; }
        if (e->code != 5) return e; /* NOT_FOUND: not there yet, wait for it below */
        free(e->message); counted_free(e);
    }
    PJRT_KeyValueGetCallback_Args a = {0};
    a.struct_size = expected_size_KeyValueGetCallback_Args();
    a.key = key; a.key_size = strlen(key); a.timeout_in_ms = c->kv_timeout_ms;
    a.callback_error = &callback_error_fn; a.user_arg = c->kv_get_user_arg;
    PJRT_Error* e = c->kv_get(&a);
    if (e) return e;
    take_value(a.value, a.value_size, a.value_deleter_callback, out, out_size);
    return NULL;
}
/* Every process announces its device count and reads every other one's, as the GPU plugin
 * exchanges its local topology before building the global device list. */
static PJRT_Error* exchange_topology(PJRT_Client* c, int per_process) {
    if (c->num_nodes == 1) return NULL;
    char key[128], value[128], prefix[192];
    snprintf(key, sizeof key, "sytest/topology/%d", c->node_id);
    snprintf(value, sizeof value, "devices=%d", per_process);
    PJRT_Error* e = kv_put(c, key, value);
    if (e) return wrap(e, "PJRT_Client_Create: publishing this process's topology");
    for (int n = 0; n < c->num_nodes; n++) {
        if (n == c->node_id) continue;
        snprintf(key, sizeof key, "sytest/topology/%d", n);
        e = kv_get(c, key, value, sizeof value);
        snprintf(prefix, sizeof prefix, "PJRT_Client_Create: reading the topology of process %d", n);
        if (e) return wrap(e, prefix);
        if (strncmp(value, "devices=", 8) != 0 || atoi(value + 8) != per_process)
            return make_error(9, "%s: process %d has '%s', this one devices=%d", "PJRT_Client_Create", n, value, per_process);
    }
    return NULL;
}
/* Before an execute of a multi-process client every process waits for all others to reach the
 * same launch: the rendezvous a collective would do, so a dead process shows up here. */
static PJRT_Error* rendezvous(PJRT_Client* c) {
    if (c->num_nodes == 1) return NULL;
    pthread_mutex_lock(&state_lock);
    long launch = ++c->launches;
    pthread_mutex_unlock(&state_lock);
    char key[128], value[64], prefix[192];
    snprintf(key, sizeof key, "sytest/launch/%ld/%d", launch, c->node_id);
    PJRT_Error* e = kv_put(c, key, "ready");
    if (e) return wrap(e, "PJRT_LoadedExecutable_Execute: announcing launch");
    for (int n = 0; n < c->num_nodes; n++) {
        if (n == c->node_id) continue;
        snprintf(key, sizeof key, "sytest/launch/%ld/%d", launch, n);
        e = kv_get(c, key, value, sizeof value);
        snprintf(prefix, sizeof prefix, "PJRT_LoadedExecutable_Execute: waiting for process %d at launch %ld", n, launch);
        if (e) return wrap(e, prefix);
    }
    return NULL;
}

/* ---- client ---- */
static PJRT_Error* Client_Create(PJRT_Client_Create_Args* a) {
    CHECK_FN(Client_Create, a);
    char summary[1024] = "";
    int64_t node_id = 0, num_nodes = 1, per_process = NUM_DEVICES, kv_timeout_ms = 30000;
    const PJRT_NamedValue* opts = a->create_options;
    for (size_t i = 0; i < a->num_options; i++) {
        const PJRT_NamedValue* o = &opts[i];
        if (o->struct_size != expected_size_NamedValue())
            return make_error(3, "%s: struct_size %zu, expected %zu", "PJRT_NamedValue", o->struct_size, expected_size_NamedValue());
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)o->name_size, o->name);
        char item[256];
        if (strcmp(name, "sy_string") == 0 && o->type == 0) {
            snprintf(item, sizeof item, "%s=%.*s;", name, (int)o->value_size, o->value.string_value);
        } else if (strcmp(name, "sy_int") == 0 && o->type == 1) {
            snprintf(item, sizeof item, "%s=%lld;", name, (long long)o->value.int64_value);
        } else if (strcmp(name, "sy_list") == 0 && o->type == 2) {
            int n = snprintf(item, sizeof item, "%s=", name);
            for (size_t k = 0; k < o->value_size; k++)
                n += snprintf(item + n, sizeof item - n, "%s%lld", k ? "," : "", (long long)o->value.int64_array_value[k]);
            snprintf(item + n, sizeof item - n, ";");
        } else if (strcmp(name, "sy_float") == 0 && o->type == 3) {
            snprintf(item, sizeof item, "%s=%g;", name, (double)o->value.float_value);
        } else if (strcmp(name, "sy_bool") == 0 && o->type == 4) {
            snprintf(item, sizeof item, "%s=%s;", name, o->value.bool_value ? "true" : "false");
        } else if ((strcmp(name, "node_id") == 0 || strcmp(name, "num_nodes") == 0 || strcmp(name, "sy_devices_per_process") == 0
                    || strcmp(name, "sy_kv_timeout_ms") == 0) && o->type == 1) {
            /* node_id / num_nodes as the CUDA plugin names them */
            snprintf(item, sizeof item, "%s=%lld;", name, (long long)o->value.int64_value);
            if (strcmp(name, "node_id") == 0) node_id = o->value.int64_value;
            else if (strcmp(name, "num_nodes") == 0) num_nodes = o->value.int64_value;
            else if (strcmp(name, "sy_devices_per_process") == 0) per_process = o->value.int64_value;
            else kv_timeout_ms = o->value.int64_value;
        } else {
            return make_error(3, "Unknown or wrongly typed create option '%s'", name);
        }
        strncat(summary, item, sizeof summary - strlen(summary) - 1);
    }
    pthread_mutex_lock(&state_lock);
    snprintf(last_create_options, sizeof last_create_options, "%s", summary);
    pthread_mutex_unlock(&state_lock);
    if (num_nodes < 1 || node_id < 0 || node_id >= num_nodes)
        return make_error(3, "%s: node_id %lld is not in [0, num_nodes %lld)", "PJRT_Client_Create", (long long)node_id, (long long)num_nodes);
    if (per_process < 1 || num_nodes * per_process > MAX_DEVICES)
        return make_error(3, "%s: %lld processes x %lld devices exceed the test plugin's %d", "PJRT_Client_Create",
                          (long long)num_nodes, (long long)per_process, MAX_DEVICES);
    if (num_nodes > 1 && (a->kv_get_callback == NULL || a->kv_put_callback == NULL))
        return make_error(3, "%s: a client of %lld processes needs the key-value store callbacks", "PJRT_Client_Create", (long long)num_nodes);
    PJRT_Client* c = counted_calloc(sizeof(PJRT_Client));
    c->node_id = (int)node_id; c->num_nodes = (int)num_nodes; c->kv_timeout_ms = (int)kv_timeout_ms;
    c->kv_get = (KvGet)a->kv_get_callback; c->kv_get_user_arg = a->kv_get_user_arg;
    c->kv_put = (KvPut)a->kv_put_callback; c->kv_put_user_arg = a->kv_put_user_arg;
    c->kv_try_get = (KvTryGet)a->kv_try_get_callback; c->kv_try_get_user_arg = a->kv_try_get_user_arg;
    PJRT_Error* err = exchange_topology(c, (int)per_process);
    if (err) { counted_free(c); return err; }
    c->num_global = (size_t)(num_nodes * per_process);
    for (size_t i = 0; i < c->num_global; i++) {
        PJRT_Device* dev = &c->devices[i];
        PJRT_DeviceDescription* d = &dev->description;
        d->id = (int)i;
        d->process_index = (int)(i % (size_t)num_nodes);
        dev->addressable = d->process_index == c->node_id;
        snprintf(d->kind, sizeof d->kind, "SyTestDevice");
        snprintf(d->debug, sizeof d->debug, "TEST_%zu", i);
        if (num_nodes == 1) snprintf(d->to_string, sizeof d->to_string, "SyTestDevice(id=%zu)", i);
        else snprintf(d->to_string, sizeof d->to_string, "SyTestDevice(id=%zu, process=%d)", i, d->process_index);
        c->global_list[i] = dev;
        if (dev->addressable) { dev->local_index = (int)c->num_local; c->device_list[c->num_local++] = dev; }
    }
    a->client = c;
    return NULL;
}
static PJRT_Error* Client_Devices(PJRT_Client_Devices_Args* a) {
    CHECK_FN(Client_Devices, a);
    a->devices = a->client->global_list; a->num_devices = a->client->num_global; return NULL;
}
static PJRT_Error* Client_ProcessIndex(PJRT_Client_ProcessIndex_Args* a) {
    CHECK_FN(Client_ProcessIndex, a); a->process_index = a->client->node_id; return NULL;
}
static PJRT_Error* DeviceDescription_ProcessIndex(PJRT_DeviceDescription_ProcessIndex_Args* a) {
    CHECK_FN(DeviceDescription_ProcessIndex, a); a->process_index = a->device_description->process_index; return NULL;
}
static PJRT_Error* Device_IsAddressable(PJRT_Device_IsAddressable_Args* a) {
    CHECK_FN(Device_IsAddressable, a); a->is_addressable = a->device->addressable; return NULL;
}
static PJRT_Error* Client_Destroy(PJRT_Client_Destroy_Args* a) { CHECK_FN(Client_Destroy, a); counted_free(a->client); return NULL; }
static PJRT_Error* Client_PlatformName(PJRT_Client_PlatformName_Args* a) {
    CHECK_FN(Client_PlatformName, a);
    a->platform_name = "sytest"; a->platform_name_size = 6; return NULL;
}
static PJRT_Error* Client_PlatformVersion(PJRT_Client_PlatformVersion_Args* a) {
    CHECK_FN(Client_PlatformVersion, a);
    a->platform_version = "sytest 1.0"; a->platform_version_size = 10; return NULL;
}
static PJRT_Error* Client_AddressableDevices(PJRT_Client_AddressableDevices_Args* a) {
    CHECK_FN(Client_AddressableDevices, a);
    a->addressable_devices = a->client->device_list; a->num_addressable_devices = a->client->num_local; return NULL;
}

/* Reads a varint; returns 0 at the end or on a malformed one. */
static int read_varint(const unsigned char** p, const unsigned char* end, uint64_t* v) {
    *v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char b = *(*p)++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return 1;
    }
    return 0;
}
/* Reads DeviceAssignmentProto: the device id of each computation_devices (3) entry's replica_device_ids (1). */
static int read_assignment(const unsigned char* p, const unsigned char* end, int64_t* ids, size_t* num_ids) {
    while (p < end) {
        uint64_t key, v, len;
        if (!read_varint(&p, end, &key)) return 0;
        if ((key & 7) == 0) { if (!read_varint(&p, end, &v)) return 0; continue; }
        if ((key & 7) != 2 || !read_varint(&p, end, &len) || len > (uint64_t)(end - p)) return 0;
        if ((key >> 3) == 3) {
            const unsigned char* q = p; const unsigned char* qend = p + len;
            while (q < qend) {
                uint64_t k2, l2, id;
                if (!read_varint(&q, qend, &k2)) return 0;
                if ((k2 >> 3) != 1) return 0;
                if ((k2 & 7) == 0) {
                    if (!read_varint(&q, qend, &id) || *num_ids >= MAX_DEVICES) return 0;
                    ids[(*num_ids)++] = (int64_t)id;
                } else if ((k2 & 7) == 2) {
                    if (!read_varint(&q, qend, &l2) || l2 > (uint64_t)(qend - q)) return 0;
                    const unsigned char* r = q; q += l2;
                    while (r < q) { if (!read_varint(&r, q, &id) || *num_ids >= MAX_DEVICES) return 0; ids[(*num_ids)++] = (int64_t)id; }
                } else return 0;
            }
        }
        p += len;
    }
    return 1;
}

/* Finds num_replicas (4), num_partitions (5) and device_assignment (9) in CompileOptionsProto.executable_build_options (3). */
static int read_partitioning(const char* bytes, size_t size, uint64_t* replicas, uint64_t* partitions, int64_t* ids, size_t* num_ids) {
    const unsigned char* p = (const unsigned char*)bytes;
    const unsigned char* end = p + size;
    *replicas = 1; *partitions = 1;
    while (p < end) {
        uint64_t key, len, v;
        if (!read_varint(&p, end, &key)) return 0;
        switch (key & 7) {
            case 0: if (!read_varint(&p, end, &v)) return 0; break;
            case 1: p += 8; break;
            case 5: p += 4; break;
            case 2:
                if (!read_varint(&p, end, &len) || len > (uint64_t)(end - p)) return 0;
                if ((key >> 3) == 3) {
                    const unsigned char* q = p; const unsigned char* qend = p + len;
                    while (q < qend) {
                        uint64_t k2, v2, l2;
                        if (!read_varint(&q, qend, &k2)) return 0;
                        if ((k2 & 7) == 0) {
                            if (!read_varint(&q, qend, &v2)) return 0;
                            if ((k2 >> 3) == 4) *replicas = v2;
                            if ((k2 >> 3) == 5) *partitions = v2;
                        } else if ((k2 & 7) == 2) {
                            if (!read_varint(&q, qend, &l2) || l2 > (uint64_t)(qend - q)) return 0;
                            if ((k2 >> 3) == 9 && !read_assignment(q, q + l2, ids, num_ids)) return 0;
                            q += l2;
                        } else if ((k2 & 7) == 1) q += 8; else if ((k2 & 7) == 5) q += 4; else return 0;
                    }
                }
                p += len;
                break;
            default: return 0;
        }
    }
    return p == end;
}

/* The argument list of @main: after "@main(" (pretty form) or, in MLIR's generic form (one
 * function), after the entry block's "^bb0(". Null when there is neither. */
static char* main_args(char* text) {
    char* start = strstr(text, "@main(");
    if (start) return start;
    return strstr(text, "sym_name = \"main\"") ? strstr(text, "^bb0(") : NULL;
}

/* Counts the arguments of @main: occurrences of "%arg" before the ")" that closes its list. */
static size_t count_main_args(const char* text, size_t size) {
    char* copy = strndup(text, size);
    size_t n = 0;
    char* start = main_args(copy);
    if (start) {
        char* close = strchr(start, ')');
        for (char* p = start; p && (!close || p < close); p = strstr(p + 1, "%arg"))
            if (p != start) n++;
    }
    free(copy);
    return n;
}

/* Generic form: `arg_attrs = [{...}, {}, ...]`, entry i the attributes of argument i; strings
 * (a sharding "{devices=[4]0,1,2,3}") may hold braces. */
static void read_generic_aliasing(const char* attrs, int* alias) {
    const char* key = "tf.aliasing_output = ";
    int depth = 0, arg = -1;
    bool in_string = false;
    for (const char* p = attrs; *p && arg < MAX_ARGS; p++) {
        if (in_string) { if (*p == '\\') p++; else if (*p == '"') in_string = false; continue; }
        if (*p == '"') in_string = true;
        else if (*p == '{') { if (depth++ == 0) arg++; }
        else if (*p == '}') depth--;
        else if (*p == ']' && depth == 0) return;
        else if (depth == 1 && arg >= 0 && arg < MAX_ARGS && strncmp(p, key, strlen(key)) == 0) alias[arg] = atoi(p + strlen(key));
    }
}

/* Reads `tf.aliasing_output = K` of each @main argument (between its "%argI" and the next one). */
static void read_aliasing(const char* text, size_t size, int* alias) {
    for (int i = 0; i < MAX_ARGS; i++) alias[i] = -1;
    char* copy = strndup(text, size);
    char* start = strstr(copy, "@main(");
    char* generic = start ? NULL : strstr(copy, "arg_attrs = [");
    if (generic && strstr(copy, "sym_name = \"main\"")) read_generic_aliasing(generic + strlen("arg_attrs = ["), alias);
    if (start) {
        char* close = strstr(start, "->");
        char* p = strstr(start, "%arg");
        for (int i = 0; p && (!close || p < close) && i < MAX_ARGS; i++) {
            char* next = strstr(p + 1, "%arg");
            char* end = next && (!close || next < close) ? next : close;
            char* a = strstr(p, "tf.aliasing_output = ");
            if (a && (!end || a < end)) alias[i] = atoi(a + strlen("tf.aliasing_output = "));
            p = next;
        }
    }
    free(copy);
}

static PJRT_LoadedExecutable* new_executable(PJRT_Client* client, const char* code, size_t code_size,
                                             const char* options, size_t options_size, PJRT_Error** error) {
    uint64_t replicas, partitions;
    int64_t ids[MAX_DEVICES]; size_t num_ids = 0;
    if (!read_partitioning(options, options_size, &replicas, &partitions, ids, &num_ids)) {
        *error = make_error(3, "%s: compile options are not a valid CompileOptionsProto", "PJRT_Client_Compile");
        return NULL;
    }
    if (replicas * partitions < 1 || replicas * partitions > client->num_global) {
        *error = make_error(3, "%s: %zu replicas x partitions, but the client has only %zu devices", "PJRT_Client_Compile",
                            (size_t)(replicas * partitions), client->num_global);
        return NULL;
    }
    if (num_ids != 0 && num_ids != replicas * partitions) {
        *error = make_error(3, "%s: a device assignment of %zu devices for %zu replicas x partitions", "PJRT_Client_Compile",
                            num_ids, (size_t)(replicas * partitions));
        return NULL;
    }
    if (num_ids == 0) for (size_t i = 0; i < replicas * partitions; i++) ids[num_ids++] = client->global_list[i]->description.id;
    for (size_t i = 0; i < num_ids; i++) {
        if (ids[i] < 0 || (size_t)ids[i] >= client->num_global) {
            *error = make_error(3, "%s: device assignment names device %lld, the client has %zu", "PJRT_Client_Compile",
                                (long long)ids[i], client->num_global);
            return NULL;
        }
    }
    PJRT_LoadedExecutable* e = counted_calloc(sizeof(PJRT_LoadedExecutable));
    for (size_t i = 0; i < num_ids; i++) {
        PJRT_Device* d = &client->devices[ids[i]];
        if (d->addressable) e->device_list[e->num_devices++] = d;
    }
    e->client = client;
    e->program = malloc(code_size + 1); memcpy(e->program, code, code_size); e->program[code_size] = 0;
    e->program_size = code_size;
    e->options = malloc(options_size + 1); memcpy(e->options, options, options_size);
    e->options_size = options_size;
    e->add = strstr(e->program, "stablehlo.add") != NULL;
    e->num_outputs = e->add ? 1 : count_main_args(code, code_size);
    read_aliasing(code, code_size, e->alias);
    return e;
}

static PJRT_Error* Client_Compile(PJRT_Client_Compile_Args* a) {
    CHECK_FN(Client_Compile, a);
    const PJRT_Program* prog = a->program;
    if (prog->struct_size != expected_size_Program())
        return make_error(3, "%s: struct_size %zu, expected %zu", "PJRT_Program", prog->struct_size, expected_size_Program());
    if (prog->format_size != 4 || memcmp(prog->format, "mlir", 4) != 0)
        return make_error(3, "%s: unknown program format '%.*s'", "PJRT_Client_Compile", (int)prog->format_size, prog->format);
    if (!memmem(prog->code, prog->code_size, "func.func", 9))
        return make_error(3, "%s: %s", "PJRT_Client_Compile", "failed to parse the MLIR module: no func.func");
    pthread_mutex_lock(&state_lock);
    free(last_program); free(last_options);
    last_program = malloc(prog->code_size + 1); memcpy(last_program, prog->code, prog->code_size);
    last_program[prog->code_size] = 0; last_program_size = prog->code_size;
    last_options = malloc(a->compile_options_size + 1); memcpy(last_options, a->compile_options, a->compile_options_size);
    last_options_size = a->compile_options_size;
    compile_count++;
    pthread_mutex_unlock(&state_lock);
    PJRT_Error* error = NULL;
    a->executable = new_executable(a->client, prog->code, prog->code_size, a->compile_options, a->compile_options_size, &error);
    return error;
}

static size_t element_size(int type) {
    switch (type) {
        case 1: case 2: case 6: case 21: case 22: case 24: case 25: return 1; /* PRED S8 U8 S4 U4 S2 U2 */
        case 3: case 7: case 10: case 13: return 2;                              /* S16 U16 F16 BF16 */
        case 4: case 8: case 11: return 4;                                       /* S32 U32 F32 */
        case 5: case 9: case 12: case 14: return 8;                              /* S64 U64 F64 C64 */
        case 15: return 16;                                                      /* C128 */
        default: return 0;
    }
}

static PJRT_Buffer* new_buffer(int type, const int64_t* dims, size_t num_dims, PJRT_Device* device) {
    PJRT_Buffer* b = counted_calloc(sizeof(PJRT_Buffer));
    b->type = type;
    b->num_dims = num_dims;
    size_t n = 1;
    for (size_t i = 0; i < num_dims; i++) { b->dims[i] = dims[i]; n *= (size_t)dims[i]; }
    b->size = n * element_size(type);
    b->data = malloc(b->size ? b->size : 1);
    b->device = device;
    return b;
}

static PJRT_Error* Client_BufferFromHostBuffer(PJRT_Client_BufferFromHostBuffer_Args* a) {
    CHECK_FN(Client_BufferFromHostBuffer, a);
    if (element_size(a->type) == 0) return make_error(12, "%s: element type %zu is not supported", "PJRT_Client_BufferFromHostBuffer", (size_t)a->type);
    if (a->num_dims > 16) return make_error(3, "%s: rank %zu > 16", "PJRT_Client_BufferFromHostBuffer", a->num_dims);
    if (a->byte_strides != NULL) return make_error(12, "%s: byte_strides are not supported", "PJRT_Client_BufferFromHostBuffer");
    int known = 0;
    for (size_t i = 0; i < a->client->num_global; i++) known |= a->device == &a->client->devices[i];
    if (!known) return make_error(3, "%s: device does not belong to the client", "PJRT_Client_BufferFromHostBuffer");
    if (!a->device->addressable)
        return make_error(3, "%s: device %d belongs to process %d, not to this one (%d)", "PJRT_Client_BufferFromHostBuffer",
                          a->device->description.id, a->device->description.process_index, a->client->node_id);
    PJRT_Buffer* b = new_buffer(a->type, a->dims, a->num_dims, a->device);
    PJRT_Event* e = counted_calloc(sizeof(PJRT_Event));
    atomic_fetch_add(&host_to_device_bytes, (long)b->size);
    if (a->host_buffer_semantics == 1) {
        /* kImmutableUntilTransferCompletes: the copy happens when the event completes. */
        e->pending_dst = b->data; e->pending_src = a->data; e->pending_size = b->size;
    } else {
        memcpy(b->data, a->data, b->size);
    }
    a->buffer = b;
    a->done_with_host_buffer = e;
    return NULL;
}

/* ---- devices ---- */
static PJRT_Error* DeviceDescription_Id(PJRT_DeviceDescription_Id_Args* a) { CHECK_FN(DeviceDescription_Id, a); a->id = a->device_description->id; return NULL; }
static PJRT_Error* DeviceDescription_Kind(PJRT_DeviceDescription_Kind_Args* a) {
    CHECK_FN(DeviceDescription_Kind, a);
    a->device_kind = a->device_description->kind; a->device_kind_size = strlen(a->device_kind); return NULL;
}
static PJRT_Error* DeviceDescription_DebugString(PJRT_DeviceDescription_DebugString_Args* a) {
    CHECK_FN(DeviceDescription_DebugString, a);
    a->debug_string = a->device_description->debug; a->debug_string_size = strlen(a->debug_string); return NULL;
}
static PJRT_Error* DeviceDescription_ToString(PJRT_DeviceDescription_ToString_Args* a) {
    CHECK_FN(DeviceDescription_ToString, a);
    a->to_string = a->device_description->to_string; a->to_string_size = strlen(a->to_string); return NULL;
}
static PJRT_Error* Device_GetDescription(PJRT_Device_GetDescription_Args* a) {
    CHECK_FN(Device_GetDescription, a); a->device_description = &a->device->description; return NULL;
}
static PJRT_Error* Device_LocalHardwareId(PJRT_Device_LocalHardwareId_Args* a) {
    CHECK_FN(Device_LocalHardwareId, a); a->local_hardware_id = 100 + a->device->local_index; return NULL;
}

/* ---- executables ---- */
static PJRT_Error* Executable_Destroy(PJRT_Executable_Destroy_Args* a) { CHECK_FN(Executable_Destroy, a); counted_free(a->executable); return NULL; }
static PJRT_Error* LoadedExecutable_Destroy(PJRT_LoadedExecutable_Destroy_Args* a) {
    CHECK_FN(LoadedExecutable_Destroy, a);
    if (a->executable) { free(a->executable->program); free(a->executable->options); counted_free(a->executable); }
    return NULL;
}
static PJRT_Error* LoadedExecutable_GetExecutable(PJRT_LoadedExecutable_GetExecutable_Args* a) {
    CHECK_FN(LoadedExecutable_GetExecutable, a);
    PJRT_Executable* e = counted_calloc(sizeof(PJRT_Executable));
    e->loaded = a->loaded_executable;
    a->executable = e;
    return NULL;
}
static PJRT_Error* Executable_NumOutputs(PJRT_Executable_NumOutputs_Args* a) {
    CHECK_FN(Executable_NumOutputs, a); a->num_outputs = a->executable->loaded->num_outputs; return NULL;
}
static PJRT_Error* LoadedExecutable_AddressableDevices(PJRT_LoadedExecutable_AddressableDevices_Args* a) {
    CHECK_FN(LoadedExecutable_AddressableDevices, a);
    a->addressable_devices = a->executable->device_list;
    a->num_addressable_devices = a->executable->num_devices;
    return NULL;
}

static bool donatable(const PJRT_ExecuteOptions* o, size_t i) {
    for (size_t k = 0; k < o->num_non_donatable_input_indices; k++)
        if (o->non_donatable_input_indices[k] == (int64_t)i) return false;
    return true;
}

/* The buffer for output `out` on one device: the memory of a donated argument aliased to it (the
 * argument is deleted: it gave its memory away), else a new allocation shaped like `like`. */
static PJRT_Buffer* output_buffer(const PJRT_LoadedExecutable* e, const PJRT_ExecuteOptions* o, PJRT_Buffer** args,
                                  size_t num_args, size_t out, const PJRT_Buffer* like) {
    for (size_t i = 0; i < num_args && i < MAX_ARGS; i++) {
        /* identity programs copy argument `out` into output `out`: only that argument's memory can be reused safely */
        if (!e->add && i != out) continue;
        if (e->alias[i] == (int)out && donatable(o, i) && args[i]->size == like->size && args[i]->type == like->type) {
            PJRT_Buffer* b = counted_calloc(sizeof(PJRT_Buffer));
            *b = *args[i];
            b->deleted = false;
            args[i]->data = NULL;
            args[i]->deleted = true;
            pthread_mutex_lock(&state_lock); donations++; pthread_mutex_unlock(&state_lock);
            return b;
        }
    }
    return new_buffer(like->type, like->dims, like->num_dims, like->device);
}

static PJRT_Error* LoadedExecutable_Execute(PJRT_LoadedExecutable_Execute_Args* a) {
    CHECK_FN(LoadedExecutable_Execute, a);
    if (a->options == NULL || a->options->struct_size != expected_size_ExecuteOptions())
        return make_error(3, "%s: struct_size %zu, expected %zu", "PJRT_ExecuteOptions", a->options ? a->options->struct_size : 0, expected_size_ExecuteOptions());
    PJRT_LoadedExecutable* e = a->executable;
    const PJRT_ExecuteOptions* o = a->options;
    if (a->num_devices != e->num_devices)
        return make_error(3, "%s: %zu argument lists for an executable on %zu devices", "PJRT_LoadedExecutable_Execute", a->num_devices, e->num_devices);
    size_t expected_args = e->add ? 2 : e->num_outputs;
    if (a->num_args != expected_args)
        return make_error(3, "%s: %zu arguments, the program takes %zu", "PJRT_LoadedExecutable_Execute", a->num_args, expected_args);
    for (size_t k = 0; k < o->num_non_donatable_input_indices; k++)
        if (o->non_donatable_input_indices[k] < 0 || o->non_donatable_input_indices[k] >= (int64_t)a->num_args)
            return make_error(3, "%s: non-donatable input index %lld out of range", "PJRT_LoadedExecutable_Execute",
                              (long long)o->non_donatable_input_indices[k]);
    for (size_t d = 0; d < a->num_devices; d++) {
        PJRT_Buffer** args = a->argument_lists[d];
        for (size_t i = 0; i < a->num_args; i++) {
            if (args[i] == NULL || args[i]->device != e->device_list[d])
                return make_error(3, "%s: argument %zu of device %zu is not on that device", "PJRT_LoadedExecutable_Execute", i, d);
            if (args[i]->deleted)
                return make_error(9, "%s: argument %zu of device %zu was donated to an earlier execute", "PJRT_LoadedExecutable_Execute", i, d);
        }
        if (e->add) {
            PJRT_Buffer *x = args[0], *y = args[1];
            if (x->type != 11 || y->type != 11 || x->size != y->size)
                return make_error(3, "%s: add needs two f32 arguments of one shape (sizes %zu, %zu)", "PJRT_LoadedExecutable_Execute", x->size, y->size);
        }
    }
    PJRT_Error* waited = rendezvous(e->client);
    if (waited) return waited;
    pthread_mutex_lock(&state_lock);
    last_num_non_donatable = o->num_non_donatable_input_indices < MAX_ARGS ? o->num_non_donatable_input_indices : MAX_ARGS;
    for (size_t k = 0; k < last_num_non_donatable; k++) last_non_donatable[k] = o->non_donatable_input_indices[k];
    pthread_mutex_unlock(&state_lock);
    for (size_t d = 0; d < a->num_devices; d++) {
        PJRT_Buffer** args = a->argument_lists[d];
        PJRT_Buffer** outs = a->output_lists[d];
        if (e->add) {
            const float* x = (const float*)args[0]->data; const float* y = (const float*)args[1]->data;
            PJRT_Buffer* out = output_buffer(e, o, args, a->num_args, 0, args[0]);
            float* z = (float*)out->data; /* may be x's or y's own memory: elementwise, so in place is fine */
            for (size_t k = 0; k < out->size / 4; k++) z[k] = x[k] + y[k];
            outs[0] = out;
        } else {
            for (size_t i = 0; i < a->num_args; i++) {
                const unsigned char* src = args[i]->data;
                PJRT_Buffer* out = output_buffer(e, o, args, a->num_args, i, args[i]);
                if (out->data != src) memcpy(out->data, src, out->size);
                outs[i] = out;
            }
        }
        if (a->device_complete_events) a->device_complete_events[d] = counted_calloc(sizeof(PJRT_Event));
    }
    return NULL;
}

static const char MAGIC[8] = "SYEXE01";
typedef struct { size_t size; char bytes[]; } Serialized;
static void serialized_deleter(void* s) { counted_free(s); }

static PJRT_Error* Executable_Serialize(PJRT_Executable_Serialize_Args* a) {
    CHECK_FN(Executable_Serialize, a);
    PJRT_LoadedExecutable* e = a->executable->loaded;
    size_t size = 8 + 8 + e->program_size + 8 + e->options_size;
    Serialized* s = counted_calloc(sizeof(Serialized) + size);
    s->size = size;
    char* p = s->bytes;
    memcpy(p, MAGIC, 8); p += 8;
    uint64_t n = e->program_size; memcpy(p, &n, 8); p += 8; memcpy(p, e->program, n); p += n;
    n = e->options_size; memcpy(p, &n, 8); p += 8; memcpy(p, e->options, n);
    a->serialized_bytes = s->bytes;
    a->serialized_bytes_size = size;
    a->serialized_executable = s;
    a->serialized_executable_deleter = (void*)serialized_deleter;
    return NULL;
}
static PJRT_Error* Executable_DeserializeAndLoad(PJRT_Executable_DeserializeAndLoad_Args* a) {
    CHECK_FN(Executable_DeserializeAndLoad, a);
    if (a->load_options != NULL) return make_error(12, "%s: %s", "PJRT_Executable_DeserializeAndLoad", "load_options are not supported");
    const char* p = a->serialized_executable;
    size_t size = a->serialized_executable_size;
    uint64_t program_size, options_size;
    if (size < 24 || memcmp(p, MAGIC, 8) != 0) return make_error(3, "%s: %s", "PJRT_Executable_DeserializeAndLoad", "not a serialized test executable");
    memcpy(&program_size, p + 8, 8);
    if (program_size > size - 24) return make_error(15, "%s: %s", "PJRT_Executable_DeserializeAndLoad", "truncated program");
    memcpy(&options_size, p + 16 + program_size, 8);
    if (24 + program_size + options_size != size) return make_error(15, "%s: %s", "PJRT_Executable_DeserializeAndLoad", "truncated options");
    PJRT_Error* error = NULL;
    a->loaded_executable = new_executable(a->client, p + 16, program_size, p + 24 + program_size, options_size, &error);
    return error;
}

/* ---- buffers ---- */
static PJRT_Error* Buffer_Destroy(PJRT_Buffer_Destroy_Args* a) {
    CHECK_FN(Buffer_Destroy, a);
    if (a->buffer) { free(a->buffer->data); counted_free(a->buffer); }
    return NULL;
}
static PJRT_Error* Buffer_ElementType(PJRT_Buffer_ElementType_Args* a) { CHECK_FN(Buffer_ElementType, a); a->type = a->buffer->type; return NULL; }
static PJRT_Error* Buffer_Dimensions(PJRT_Buffer_Dimensions_Args* a) {
    CHECK_FN(Buffer_Dimensions, a); a->dims = a->buffer->dims; a->num_dims = a->buffer->num_dims; return NULL;
}
static PJRT_Error* Buffer_ToHostBuffer(PJRT_Buffer_ToHostBuffer_Args* a) {
    CHECK_FN(Buffer_ToHostBuffer, a);
    if (a->host_layout) return make_error(12, "%s: host_layout is not supported", "PJRT_Buffer_ToHostBuffer");
    if (a->dst == NULL) { a->dst_size = a->src->size; return NULL; }
    if (a->dst_size < a->src->size) return make_error(3, "%s: dst_size %zu < %zu", "PJRT_Buffer_ToHostBuffer", a->dst_size, a->src->size);
    if (a->src->deleted) return make_error(9, "%s: the buffer was donated to an execute", "PJRT_Buffer_ToHostBuffer");
    atomic_fetch_add(&device_to_host_bytes, (long)a->src->size);
    PJRT_Event* e = counted_calloc(sizeof(PJRT_Event));
    e->pending_dst = a->dst; e->pending_src = a->src->data; e->pending_size = a->src->size;
    a->event = e;
    return NULL;
}

static PJRT_Api api;

static bool api_ready;

static void init_api(void) {
    if (!api_ready) {
        api_ready = true;
        api.pjrt_api_version.struct_size = expected_size_Api_Version();
        api.pjrt_api_version.major_version = TEST_API_MAJOR;
        api.pjrt_api_version.minor_version = TEST_API_MINOR;
        api.Error_Destroy = (void*)Error_Destroy;
        api.Error_Message = (void*)Error_Message;
        api.Error_GetCode = (void*)Error_GetCode;
        api.Plugin_Initialize = (void*)Plugin_Initialize;
        api.Plugin_Attributes = (void*)Plugin_Attributes;
        api.Event_Destroy = (void*)Event_Destroy;
        api.Event_Await = (void*)Event_Await;
        api.Client_Create = (void*)Client_Create;
        api.Client_Destroy = (void*)Client_Destroy;
        api.Client_PlatformName = (void*)Client_PlatformName;
        api.Client_PlatformVersion = (void*)Client_PlatformVersion;
        api.Client_AddressableDevices = (void*)Client_AddressableDevices;
        api.Client_Devices = (void*)Client_Devices;
        api.Client_ProcessIndex = (void*)Client_ProcessIndex;
        api.DeviceDescription_ProcessIndex = (void*)DeviceDescription_ProcessIndex;
        api.Device_IsAddressable = (void*)Device_IsAddressable;
        api.Client_Compile = (void*)Client_Compile;
        api.Client_BufferFromHostBuffer = (void*)Client_BufferFromHostBuffer;
        api.DeviceDescription_Id = (void*)DeviceDescription_Id;
        api.DeviceDescription_Kind = (void*)DeviceDescription_Kind;
        api.DeviceDescription_DebugString = (void*)DeviceDescription_DebugString;
        api.DeviceDescription_ToString = (void*)DeviceDescription_ToString;
        api.Device_GetDescription = (void*)Device_GetDescription;
        api.Device_LocalHardwareId = (void*)Device_LocalHardwareId;
        api.Executable_Destroy = (void*)Executable_Destroy;
        api.Executable_NumOutputs = (void*)Executable_NumOutputs;
        api.Executable_Serialize = (void*)Executable_Serialize;
        api.LoadedExecutable_Destroy = (void*)LoadedExecutable_Destroy;
        api.LoadedExecutable_GetExecutable = (void*)LoadedExecutable_GetExecutable;
        api.LoadedExecutable_AddressableDevices = (void*)LoadedExecutable_AddressableDevices;
        api.LoadedExecutable_Execute = (void*)LoadedExecutable_Execute;
        api.Executable_DeserializeAndLoad = (void*)Executable_DeserializeAndLoad;
        api.Buffer_Destroy = (void*)Buffer_Destroy;
        api.Buffer_ElementType = (void*)Buffer_ElementType;
        api.Buffer_Dimensions = (void*)Buffer_Dimensions;
        api.Buffer_ToHostBuffer = (void*)Buffer_ToHostBuffer;
        /* the test plugin's table ends at Buffer_ToHostBuffer (slot 70) */
        api.struct_size = sizeof(PJRT_Api);
    }
}

/* Reconfigures what GetPjrtApi reports: the version and how many slots the table has. */
void sy_test_set_api(int major, int minor, size_t num_slots) {
    init_api();
    api.pjrt_api_version.major_version = major;
    api.pjrt_api_version.minor_version = minor;
    api.struct_size = offsetof(PJRT_Api, Error_Destroy) + num_slots * sizeof(void*);
}

/* Empties one function slot, as a plugin that does not implement that function leaves it. */
void sy_test_clear_slot(size_t slot) {
    init_api();
    ((void**)&api.Error_Destroy)[slot] = NULL;
}

const PJRT_Api* GetPjrtApi(void) {
    init_api();
    return &api;
}
