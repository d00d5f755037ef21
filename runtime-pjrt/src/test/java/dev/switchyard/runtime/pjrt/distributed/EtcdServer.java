package dev.switchyard.runtime.pjrt.distributed;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real single-member etcd (Debian {@code etcd-server}) on 127.0.0.1 with free ports, for tests.
 * Without the binary a test is skipped with the reason, except in CI ({@code CI=true}), where
 * {@code .ci/run} installs it and its absence is a failure.
 */
final class EtcdServer implements AutoCloseable {

    private final Process process;
    final int clientPort;

    private EtcdServer(Process process, int clientPort) {
        this.process = process;
        this.clientPort = clientPort;
    }

    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "etcd");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The etcd binary, or a skipped (outside CI) / failed (in CI) test. */
    static Path requireBinary() {
        Optional<Path> etcd = binary();
        if (etcd.isEmpty()) {
            String reason = "etcd is not installed (Debian package etcd-server; .ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) Assertions.fail(reason);
            Assumptions.abort(reason);
        }
        return etcd.get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static EtcdServer start(Path dataDir) throws Exception {
        Path etcd = requireBinary();
        int client = freePort(), peer = freePort();
        String clientUrl = "http://127.0.0.1:" + client, peerUrl = "http://127.0.0.1:" + peer;
        Path log = dataDir.resolveSibling("etcd.log");
        Process p = new ProcessBuilder(List.of(etcd.toString(), "--name", "sytest", "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "sytest=" + peerUrl, "--log-level", "warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EtcdServer server = new EtcdServer(p, client);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) break;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) return server;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("etcd did not become healthy:\n" + Files.readString(log));
    }

    String coordinator() { return "etcd://127.0.0.1:" + clientPort; }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
