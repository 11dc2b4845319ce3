package org.speech2lip;

import org.junit.jupiter.api.Test;
import org.speech2lip.face.ModelStore;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The tests run in a home of their own, so their logs and downloads never reach the user's. */
class TestHomeTest {
    @Test
    void theTestsHomeIsTheBuildsNotTheUsers() {
        Path home = ModelStore.home().toAbsolutePath().normalize();
        assertEquals("test-home", home.getFileName().toString(), home.toString());
        assertEquals("target", home.getParent().getFileName().toString(), home.toString());
        assertFalse(home.startsWith(Path.of(System.getProperty("user.home"), ".cache")), home.toString());
    }
}
