package dev.ferry.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.store.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The journal's lines are written field by field, for speed, and read back by data binding: every
 * kind of line must be the very JSON data binding writes for the same entry, and read back equal.
 */
class QueueJournalLineTest {

    private static final ObjectMapper MAPPER = Json.compact();

    private static QueueStore.StoredItem item(long id, boolean everyOptionalField) {
        Message error = Message.of(QueueText.NAME_REFUSED, "na\u00efve\r\n../x \"q\"",
                Message.of(QueueText.TOO_DEEP, 64));
        return new QueueStore.StoredItem(id, everyOptionalField ? "site:1|u@h:21/EXPLICIT" : null,
                everyOptionalField ? Direction.UPLOAD : null, id % 2 == 0,
                everyOptionalField ? "/home/u/\u4e2d\u6587 \\ tab\t.bin" : null,
                everyOptionalField ? "/r\u00e9mote/a\"b" : null, id * 1_000_000_007L,
                everyOptionalField ? Instant.ofEpochSecond(1_700_000_000L, 123_456_789) : null,
                everyOptionalField ? ItemState.FAILED : null, Long.MAX_VALUE - id, 3, everyOptionalField ? QueueJournalLineTest.stored(error) : null,
                -5, id + 7, everyOptionalField ? ConflictAction.OVERWRITE_IF_NEWER : null, 2,
                everyOptionalField ? "/now/here" : null, everyOptionalField ? "/now/there" : null,
                everyOptionalField ? "/home/u" : null, 9, id % 3 == 0, 4,
                everyOptionalField ? List.of(new Segment(0, 10, 5), new Segment(10, 30, 0)) : null, id % 2 == 1);
    }

    private static Object stored(Message message) {
        return StoredMessages.store(message);
    }

    private static List<QueueStore.Entry> everyKindOfLine() {
        Endpoint endpoint = Endpoint.of(ConnectionSettings.builder("h\u00e9st").port(2121).user("u").password("secret")
                .build(), "site-1");
        List<QueueStore.Entry> lines = new ArrayList<>();
        lines.add(new QueueStore.Entry(1, endpoint, item(1, true), null));
        lines.add(new QueueStore.Entry(2, null, item(2, true), null));
        lines.add(new QueueStore.Entry(3, null, item(3, false), null));
        lines.add(new QueueStore.Entry(4, null, null, 3L));
        lines.add(new QueueStore.Entry(5, endpoint, item(6, false), null));
        lines.add(new QueueStore.Entry(6, null, new QueueStore.StoredItem(7, "k", Direction.DOWNLOAD, false, "/l",
                "/r", -1, Instant.EPOCH, ItemState.QUEUED, 0, 0, "plain text from an older Ferry", 0, 0,
                ConflictAction.ASK, 0, null, null, null, 0, false, 0, List.of(), false), null));
        return lines;
    }

    private static String handWritten(List<QueueStore.Entry> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            for (QueueStore.Entry line : lines) {
                JournalLineWriter.write(json, line);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfLineIsWhatDataBindingWrites() throws IOException {
        List<QueueStore.Entry> lines = everyKindOfLine();
        String[] written = handWritten(lines).split("\n", -1);
        assertEquals(lines.size(), written.length, "one line per entry: " + String.join(" | ", written));
        for (int i = 0; i < lines.size(); i++) {
            JsonNode expected = MAPPER.readTree(MAPPER.writeValueAsString(lines.get(i)));
            assertEquals(expected, MAPPER.readTree(written[i]), "line " + (i + 1));
        }
    }

    @Test
    void everyKindOfLineReadsBackAsTheEntryWritten() throws IOException {
        List<QueueStore.Entry> lines = everyKindOfLine();
        String[] written = handWritten(lines).split("\n", -1);
        for (int i = 0; i < lines.size(); i++) {
            QueueStore.Entry read = Json.mapper().readValue(written[i], QueueStore.Entry.class);
            assertEquals(lines.get(i), read, "line " + (i + 1));
        }
    }
}
