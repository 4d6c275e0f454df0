package dev.ferry.ui.queue;

import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.ui.I18n;

import java.util.List;
import java.util.Optional;

/**
 * The one notification a queue update gives: items that failed in it, the end of the batch, or
 * both said together. The last failure of a batch usually ends it too, and a "Transfer failed"
 * notice followed by "Transfers finished, some failed" said the same thing twice.
 */
public record BatchNotice(String title, String text, boolean error) {

    /**
     * @param failedNow items that failed in this update (not those restored from an earlier run)
     * @param end       how the batch ended, when this update ended it
     */
    public static Optional<BatchNotice> of(List<ItemSnapshot> failedNow, Optional<BatchProgress.End> end) {
        // A refused name was never tried and no retry tries it: not a failure, and said apart, as the command line does.
        List<ItemSnapshot> failed = failedNow.stream().filter(item -> item.state() != ItemState.REFUSED).toList();
        int refused = failedNow.size() - failed.size();
        ItemSnapshot first = failed.isEmpty() ? failedNow.isEmpty() ? null : failedNow.getFirst() : failed.getFirst();
        String firstWords = first == null ? null : first.name() + ": " + I18n.words(first.lastError());
        // A batch that transferred nothing is said by its failures alone, or by what it skipped (T7: a link that points
        // nowhere, asked for alone, ended without a word), or not at all: nothing happened.
        Optional<BatchProgress.End> worthSaying = end.filter(e -> e.transferred() > 0 || e.skipped() > 0);
        if (worthSaying.isPresent()) {
            // The end's counts say how many were refused: the first one's reason is all that is left to say.
            BatchProgress.End e = worthSaying.get();
            return Optional.of(new BatchNotice(e.title(), firstWords == null ? e.text() : e.text() + "\n" + firstWords,
                    e.failed() > 0 || e.refused() > 0));
        }
        String firstFailure = firstWords == null ? null
                : firstWords + (refused > 0 ? "\n" + I18n.t("queue.refusedForGood", refused) : "");
        if (firstFailure == null) {
            return Optional.empty();
        }
        String title = failed.isEmpty() ? I18n.t("queue.itemsRefused", refused)
                : failed.size() == 1 ? I18n.t("queue.itemFailed") : I18n.t("queue.itemsFailed", failed.size());
        return Optional.of(new BatchNotice(title, firstFailure, true));
    }
}
