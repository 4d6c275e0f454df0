package dev.ferry.ui;

import javafx.scene.control.Spinner;

/** Number spinners that take a typed number as well as their arrows. */
public final class NumberFields {

    private NumberFields() {
    }

    /**
     * Typing is how people set a number: a spinner that is not editable ignored every digit and kept
     * its old value with no word. What was typed counts once the field is left; text that is no
     * number in range goes back to the value it had.
     */
    public static <T> Spinner<T> typable(Spinner<T> spinner) {
        spinner.setEditable(true);
        spinner.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                commit(spinner);
            }
        });
        return spinner;
    }

    /** Takes what was typed, or puts the value back when it is not a number the spinner takes. */
    public static void commit(Spinner<?> spinner) {
        try {
            spinner.commitValue();
        } catch (RuntimeException notANumber) {
            spinner.cancelEdit();
        }
    }
}
