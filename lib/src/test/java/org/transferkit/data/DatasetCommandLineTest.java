package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The command line: a usage error and a verification of the committed datasets. */
class DatasetCommandLineTest {

    @Test
    void commandLineVerifyAndUsage() throws IOException {
        assertEquals(2, DatasetCommandLine.run(new String[]{"bogus"}));
        assertEquals(0, DatasetCommandLine.run(new String[]{"verify", DatasetCatalog.locate().toString(), "mnist", "optdigits"}));
    }
}
