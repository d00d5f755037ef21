package dev.switchyard.runtime.pjrt.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few etcd v3 calls process coordination needs (put, range, delete, lease grant / keep-alive /
 * revoke), through etcd's JSON gateway ({@code POST /v3/kv/put}, {@code /v3/kv/range},
 * {@code /v3/lease/...}) with the JDK's HTTP client. Why not {@code io.etcd:jetcd-core}: it
 * resolves, but brings 39 jars (17 MB: Vert.x, gRPC, two Netty versions, Guava) and protobuf-java
 * 3.25 against the 4.x the binding uses, for five calls. Keys and values are base64 in the JSON.
 */
public final class EtcdClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final URI endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;

    /** @param endpoint e.g. {@code http://10.0.0.2:2379} */
    public EtcdClient(URI endpoint, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI endpoint() { return endpoint; }

    /** An etcd call failed: unreachable, refused, or an error answer. */
    public static final class EtcdException extends IOException {
        public EtcdException(String message) { super(message); }
        public EtcdException(String message, Throwable cause) { super(message, cause); }
    }

    private JsonNode post(String path, ObjectNode body) throws EtcdException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EtcdException("etcd at " + endpoint + " is unreachable (" + path + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException("interrupted while calling etcd at " + endpoint, e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new EtcdException("etcd at " + endpoint + " answered " + path + " with something that is not JSON (HTTP "
                    + response.statusCode() + ")", e);
        }
        if (response.statusCode() != 200 || answer.has("error")) {
            String message = answer.path("message").asText(answer.path("error").asText("HTTP " + response.statusCode()));
            throw new EtcdException("etcd at " + endpoint + " refused " + path + ": " + message);
        }
        return answer;
    }

    private static String b64(String s) { return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    /**
     * Stores {@code value} under {@code key}, attached to {@code lease} (0: none) so it dies with it;
     * returns the store's revision after the put.
     */
    public long put(String key, byte[] value, long lease) throws EtcdException {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key)).put("value", B64.encodeToString(value));
        if (lease != 0) body.put("lease", Long.toString(lease));
        return post("/v3/kv/put", body).path("header").path("revision").asLong(0);
    }

    /** A value and the revision that last changed it. */
    public record Entry(byte[] value, long modRevision) {}

    public Optional<byte[]> get(String key) throws EtcdException {
        JsonNode kvs = post("/v3/kv/range", JSON.createObjectNode().put("key", b64(key))).path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) return Optional.empty();
        return Optional.of(B64D.decode(kvs.get(0).path("value").asText("")));
    }

    /** Deletes {@code key} (nothing when it is absent). */
    public void delete(String key) throws EtcdException {
        post("/v3/kv/deleterange", JSON.createObjectNode().put("key", b64(key)));
    }

    /** Every key starting with {@code prefix}, in key order. */
    public Map<String, byte[]> getPrefix(String prefix) throws EtcdException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries(prefix).entrySet()) out.put(e.getKey(), e.getValue().value());
        return out;
    }

    /** Every key starting with {@code prefix} with its mod revision, in key order. */
    public Map<String, Entry> entries(String prefix) throws EtcdException {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        JsonNode kvs = post("/v3/kv/range", JSON.createObjectNode().put("key", b64(prefix))
                .put("range_end", B64.encodeToString(end))).path("kvs");
        Map<String, Entry> out = new LinkedHashMap<>();
        for (JsonNode kv : kvs) {
            out.put(new String(B64D.decode(kv.path("key").asText()), StandardCharsets.UTF_8),
                    new Entry(B64D.decode(kv.path("value").asText("")), kv.path("mod_revision").asLong(0)));
        }
        return out;
    }

    /** A new lease of {@code ttl} (whole seconds, at least 1); its id. */
    public long grantLease(Duration ttl) throws EtcdException {
        JsonNode answer = post("/v3/lease/grant", JSON.createObjectNode().put("TTL", Math.max(1, ttl.toSeconds())));
        long id = answer.path("ID").asLong(0);
        if (id == 0) throw new EtcdException("etcd at " + endpoint + " granted no lease: " + answer);
        return id;
    }

    /** Renews {@code lease}; an {@link EtcdException} when it already expired. */
    public void keepAlive(long lease) throws EtcdException {
        JsonNode result = post("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(lease))).path("result");
        if (result.path("TTL").asLong(0) <= 0) throw new EtcdException("lease " + lease + " at " + endpoint + " has expired");
    }

    /** Ends {@code lease} and deletes every key attached to it. */
    public void revoke(long lease) throws EtcdException {
        post("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(lease)));
    }
}
