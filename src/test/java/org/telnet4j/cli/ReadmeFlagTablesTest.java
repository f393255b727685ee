package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** README's flag tables list every flag of the server and client CLIs (a row starting with it). */
class ReadmeFlagTablesTest {
    @Test
    void everyServerAndClientFlagHasARow() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (Object cmd : new Object[] {new ServerMain(), new ClientMain()}) {
            for (OptionSpec o : new CommandLine(cmd).getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                for (String name : o.names()) {
                    String plain = name.replace("--[no-]", "--");
                    // a table row: "| `--flag" or a second flag in the same cell ", `--flag"
                    if (!readme.contains("| `" + plain) && !readme.contains(", `" + plain)) {
                        missing.add(cmd.getClass().getSimpleName() + " " + plain);
                    }
                }
                if (o.negatable()) {
                    String neg = o.longestName().replace("--", "--no-");
                    if (!readme.contains("`" + neg + "`")) {
                        missing.add(cmd.getClass().getSimpleName() + " " + neg);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "flags without a README row");
    }
}
