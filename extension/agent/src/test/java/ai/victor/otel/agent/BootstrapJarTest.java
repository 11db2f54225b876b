package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapJarTest {
  private static final byte[] CONTENT = "jar bytes".getBytes(StandardCharsets.UTF_8);

  private static Path name(Path directory, long stamp) {
    return directory.resolve("victor-otel-bootstrap-" + Long.toHexString(stamp) + ".jar");
  }

  @Test
  void writesTheBytesToANewOwnerOnlyFile(@TempDir Path directory) throws Exception {
    Path written = BootstrapJar.write(new ByteArrayInputStream(CONTENT), directory, 0x2aL);

    assertThat(written).isEqualTo(directory.resolve("victor-otel-bootstrap-2a.jar"));
    assertThat(Files.readAllBytes(written)).isEqualTo(CONTENT);
    if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(written)).as("as createTempFile: owner only")
          .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void neverOpensAFileOrLinkThatAlreadyHasTheName(@TempDir Path directory) throws Exception {
    Path victim = Files.write(directory.resolve("victim"), new byte[] {1});
    Files.createSymbolicLink(name(directory, 7), victim);
    Files.write(name(directory, 8), new byte[] {2});

    Path written = BootstrapJar.write(new ByteArrayInputStream(CONTENT), directory, 7);

    assertThat(written).isEqualTo(name(directory, 9));
    assertThat(Files.readAllBytes(written)).isEqualTo(CONTENT);
    assertThat(Files.readAllBytes(victim)).as("the linked file is untouched").containsExactly(1);
    assertThat(Files.readAllBytes(name(directory, 8))).containsExactly(2);
  }

  @Test
  void givesUpAfterAHundredTakenNames(@TempDir Path directory) throws Exception {
    for (long stamp = 100; stamp < 201; stamp++) {
      Files.write(name(directory, stamp), new byte[] {3});
    }

    assertThatThrownBy(() -> BootstrapJar.write(new ByteArrayInputStream(CONTENT), directory, 100))
        .isInstanceOf(FileAlreadyExistsException.class);
  }
}
