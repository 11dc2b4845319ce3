package org.speech2lip.cli;

import org.speech2lip.face.ModelStore;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Fetch and verify the MediaPipe face models (npm pack, once) into $SPEECH2LIP_HOME/models.",
            "Other verbs do this on first need; run it to set up ahead of time or to repair a corrupt cache."})
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        ModelStore store = ModelStore.standard();
        for (ModelStore.Model m : ModelStore.Model.values()) {
            store.path(m);
            System.out.printf("ok  %-48s sha256 %s%n", m.fileName, m.sha256);
        }
        System.out.println("models in " + store.directory());
        return 0;
    }
}
