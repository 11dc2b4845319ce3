/**
 * The {@code speech2lip} command line (picocli): one verb per stage. Verbs turn a
 * {@link org.speech2lip.UserError} into one line on stderr and a non-zero exit code; anything else
 * is one line too, with the stack trace in {@code $SPEECH2LIP_HOME/logs}.
 */
package org.speech2lip.cli;
