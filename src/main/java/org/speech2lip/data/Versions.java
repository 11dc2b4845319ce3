package org.speech2lip.data;

/** Version numbers written into every output, so later stages can refuse what they cannot read. */
public final class Versions {
    /** The project's version (from the jar manifest; "dev" when run from classes). */
    public static final String PROJECT = projectVersion();
    /** The subject directory format written by prepare; see docs/subject-format.md. 2: ppg.npy. */
    public static final int SUBJECT_FORMAT = 2;
    /** The oldest subject format that prepare brings up to date in place, without tracking again. */
    public static final int SUBJECT_FORMAT_UPGRADABLE = 1;

    private Versions() {}

    private static String projectVersion() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
