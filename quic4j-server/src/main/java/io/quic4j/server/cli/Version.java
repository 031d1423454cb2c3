package io.quic4j.server.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code quic4j --version}: the module's version when run from the jar, else the implementation version. */
final class Version implements IVersionProvider {
    Version() {
    }

    @Override
    public String[] getVersion() {
        String version = Main.class.getModule().getDescriptor() != null
                ? Main.class.getModule().getDescriptor().rawVersion().orElse("development")
                : String.valueOf(Main.class.getPackage().getImplementationVersion());
        return new String[]{"quic4j " + version, "Java " + Runtime.version()};
    }
}
