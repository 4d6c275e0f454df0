package dev.ferry.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.store.Json;

import java.io.IOException;
import java.util.List;

/**
 * Writes a journal line field by field. The queue writes one line per change of every item, and
 * Jackson's data binding reached each record component through reflection: a fifth of the Java
 * time of a many-small-files download went there. The lines read back through the same data
 * binding as before ({@link QueueStore#load}), and QueueJournalLineTest holds this writer to the
 * tree data binding writes, so the format has one definition: the records. The rare parts (a
 * server's settings, a stored error) still go through data binding.
 */
final class JournalLineWriter {

    private static final SerializedString GENERATION = new SerializedString("generation");
    private static final SerializedString ENDPOINT = new SerializedString("endpoint");
    private static final SerializedString PUT = new SerializedString("put");
    private static final SerializedString REMOVE = new SerializedString("remove");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString DIRECTION = new SerializedString("direction");
    private static final SerializedString DIRECTORY = new SerializedString("directory");
    private static final SerializedString LOCAL_PATH = new SerializedString("localPath");
    private static final SerializedString REMOTE_PATH = new SerializedString("remotePath");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString MODIFIED = new SerializedString("modified");
    private static final SerializedString STATE = new SerializedString("state");
    private static final SerializedString BYTES_DONE = new SerializedString("bytesDone");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString LAST_ERROR = new SerializedString("lastError");
    private static final SerializedString PRIORITY = new SerializedString("priority");
    private static final SerializedString SEQUENCE = new SerializedString("sequence");
    private static final SerializedString CONFLICT_ACTION = new SerializedString("conflictAction");
    private static final SerializedString DEPTH = new SerializedString("depth");
    private static final SerializedString CURRENT_LOCAL_PATH = new SerializedString("currentLocalPath");
    private static final SerializedString CURRENT_REMOTE_PATH = new SerializedString("currentRemotePath");
    private static final SerializedString BOUNDARY = new SerializedString("boundary");
    private static final SerializedString BATCH = new SerializedString("batch");
    private static final SerializedString SYMLINK = new SerializedString("symlink");
    private static final SerializedString SEGMENTS = new SerializedString("segments");
    private static final SerializedString SEGMENT_PLAN = new SerializedString("segmentPlan");
    private static final SerializedString OWNS_PART_FILE = new SerializedString("ownsPartFile");
    private static final SerializedString START = new SerializedString("start");
    private static final SerializedString END = new SerializedString("end");
    private static final SerializedString DONE = new SerializedString("done");

    private JournalLineWriter() {
    }

    /** One entry as one JSON object; null fields are left out, as the data binding's configuration does. */
    static void write(JsonGenerator json, QueueStore.Entry entry) throws IOException {
        ObjectMapper mapper = Json.compact();
        json.writeStartObject();
        json.writeFieldName(GENERATION);
        json.writeNumber(entry.generation());
        if (entry.endpoint() != null) {
            json.writeFieldName(ENDPOINT);
            mapper.writeValue(json, entry.endpoint());
        }
        if (entry.put() != null) {
            json.writeFieldName(PUT);
            write(json, entry.put(), mapper);
        }
        if (entry.remove() != null) {
            json.writeFieldName(REMOVE);
            json.writeNumber(entry.remove());
        }
        json.writeEndObject();
    }

    private static void write(JsonGenerator json, QueueStore.StoredItem item, ObjectMapper mapper) throws IOException {
        json.writeStartObject();
        json.writeFieldName(ID);
        json.writeNumber(item.id());
        text(json, ENDPOINT, item.endpoint());
        if (item.direction() != null) {
            text(json, DIRECTION, item.direction().name());
        }
        json.writeFieldName(DIRECTORY);
        json.writeBoolean(item.directory());
        text(json, LOCAL_PATH, item.localPath());
        text(json, REMOTE_PATH, item.remotePath());
        json.writeFieldName(SIZE);
        json.writeNumber(item.size());
        if (item.modified() != null) {
            // What Jackson's JavaTimeModule writes for an Instant when dates are not timestamps.
            text(json, MODIFIED, item.modified().toString());
        }
        if (item.state() != null) {
            text(json, STATE, item.state().name());
        }
        json.writeFieldName(BYTES_DONE);
        json.writeNumber(item.bytesDone());
        json.writeFieldName(ATTEMPTS);
        json.writeNumber(item.attempts());
        if (item.lastError() != null) {
            json.writeFieldName(LAST_ERROR);
            mapper.writeValue(json, item.lastError());
        }
        json.writeFieldName(PRIORITY);
        json.writeNumber(item.priority());
        json.writeFieldName(SEQUENCE);
        json.writeNumber(item.sequence());
        if (item.conflictAction() != null) {
            text(json, CONFLICT_ACTION, item.conflictAction().name());
        }
        json.writeFieldName(DEPTH);
        json.writeNumber(item.depth());
        text(json, CURRENT_LOCAL_PATH, item.currentLocalPath());
        text(json, CURRENT_REMOTE_PATH, item.currentRemotePath());
        text(json, BOUNDARY, item.boundary());
        json.writeFieldName(BATCH);
        json.writeNumber(item.batch());
        json.writeFieldName(SYMLINK);
        json.writeBoolean(item.symlink());
        json.writeFieldName(SEGMENTS);
        json.writeNumber(item.segments());
        if (item.segmentPlan() != null) {
            json.writeFieldName(SEGMENT_PLAN);
            write(json, item.segmentPlan());
        }
        json.writeFieldName(OWNS_PART_FILE);
        json.writeBoolean(item.ownsPartFile());
        json.writeEndObject();
    }

    private static void write(JsonGenerator json, List<Segment> plan) throws IOException {
        json.writeStartArray();
        for (Segment segment : plan) {
            json.writeStartObject();
            json.writeFieldName(START);
            json.writeNumber(segment.start());
            json.writeFieldName(END);
            json.writeNumber(segment.end());
            json.writeFieldName(DONE);
            json.writeNumber(segment.done());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void text(JsonGenerator json, SerializedString name, String value) throws IOException {
        if (value != null) {
            json.writeFieldName(name);
            json.writeString(value);
        }
    }
}
