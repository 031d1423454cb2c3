package io.quic4j.server.cli;

import java.lang.module.ModuleDescriptor;
import picocli.CommandLine.IVersionProvider;

/** {@code quic4j --version}: the module's version when run from the jar, else the jar's implementation version. */
final class Version implements IVersionProvider {
    Version() {
    }

    @Override
    public String[] getVersion() {
        ModuleDescriptor descriptor = Main.class.getModule().getDescriptor();
        String version = descriptor != null
                ? descriptor.rawVersion().orElse(null)
                : Main.class.getPackage().getImplementationVersion();
        version = version != null ? version : "(development build)";
        return new String[]{"quic4j " + version, "Java " + Runtime.version()};
    }
}
