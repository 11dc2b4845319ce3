/**
 * The subject: what {@link org.speech2lip.data.Prepare} makes of a talking-head video, and the
 * directory format it is stored in ({@link org.speech2lip.data.SubjectDirectory},
 * {@link org.speech2lip.data.SubjectMeta}, .npy arrays through {@link org.speech2lip.data.Npy};
 * docs/subject-format.md). Later stages read subjects only through {@code SubjectDirectory}, which
 * refuses directories that prepare did not finish or that have another format version.
 */
package org.speech2lip.data;
