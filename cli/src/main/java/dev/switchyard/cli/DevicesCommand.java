package dev.switchyard.cli;

import dev.switchyard.runtime.pjrt.NamedValue;
import dev.switchyard.runtime.pjrt.PjrtClient;
import dev.switchyard.runtime.pjrt.PjrtDevice;
import dev.switchyard.runtime.pjrt.PjrtException;
import dev.switchyard.runtime.pjrt.PjrtPlugin;
import dev.switchyard.runtime.pjrt.PluginLoadException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard devices --plugin PATH}: loads a PJRT plugin (or the one named by
 * {@code SWITCHYARD_PJRT_PLUGIN}) and prints what it reports: API version, platform, attributes and
 * the addressable devices.
 */
public final class DevicesCommand implements Command {

    private final Function<String, Optional<String>> environment;

    public DevicesCommand() {
        this(name -> Optional.ofNullable(System.getenv(name)));
    }

    /** For tests: where environment variables come from. */
    public DevicesCommand(Function<String, Optional<String>> environment) {
        this.environment = environment;
    }

    @Override public String name() { return "devices"; }

    @Override public String summary() { return "list the devices a PJRT plugin (CUDA, TPU, CPU) reports"; }

    @Override public String usage() { return "[--plugin PATH]"; }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("plugin").hasArg().argName("PATH")
                .desc("the PJRT plugin library, e.g. .../jax_plugins/xla_cuda13/xla_cuda_plugin.so or libtpu.so"
                        + " (default: $" + PjrtPlugin.ENVIRONMENT_VARIABLE + ")").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.getArgList().isEmpty()) throw new UserError("unexpected arguments " + line.getArgList());
        Path path = Optional.ofNullable(line.getOptionValue("plugin"))
                .or(() -> environment.apply(PjrtPlugin.ENVIRONMENT_VARIABLE).filter(s -> !s.isBlank()))
                .map(Path::of)
                .orElseThrow(() -> new UserError("no PJRT plugin given: pass --plugin PATH or set "
                        + PjrtPlugin.ENVIRONMENT_VARIABLE));
        UserFiles.requireElfLibrary(path);
        PjrtPlugin plugin;
        try {
            plugin = PjrtPlugin.load(path);
        } catch (PluginLoadException e) {
            throw new UserError(e.getMessage());
        }
        PrintStream out = console.out();
        out.println("plugin      " + plugin.path());
        out.println("PJRT API    " + plugin.apiVersion());
        try (PjrtClient client = plugin.createClient()) {
            out.println("platform    " + client.platformName()
                    + (client.platformVersion().isEmpty() ? "" : " (" + client.platformVersion() + ")"));
            if (!plugin.attributes().isEmpty()) {
                out.println("attributes");
                for (Map.Entry<String, NamedValue> a : plugin.attributes().entrySet()) {
                    out.println("  " + a.getKey() + " = " + a.getValue().display());
                }
            }
            out.println("devices     " + client.addressableDevices().size() + " addressable");
            out.printf("  %-4s %-24s %-4s %s%n", "id", "kind", "hw", "description");
            for (PjrtDevice d : client.addressableDevices()) {
                out.printf("  %-4d %-24s %-4s %s%n", d.id(), d.kind(),
                        d.localHardwareId() < 0 ? "-" : Integer.toString(d.localHardwareId()), d.description());
            }
        } catch (PjrtException e) {
            throw new UserError(path + ": " + e.getMessage());
        }
        return Main.OK;
    }
}
