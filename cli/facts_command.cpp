// abide facts: shows what the fact store holds.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/store_flags.hpp"
#include "core/date.hpp"
#include "facts/store/fact_store.hpp"
#include "report/json_writer.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::string db;
    std::string type;
    std::string since;
    std::string known_at;
    bool history = false;
    std::string format = "text";
};

int run(const Flags& f) {
    const std::string db_path = f.db.empty() ? default_db() : f.db;
    facts::FactQuery q;
    q.history = f.history;
    if (!f.type.empty()) q.type = f.type;
    if (!f.since.empty()) {
        auto d = core::parse_date(f.since);
        if (!d) {
            print_error("--since: '" + f.since + "' is not a date (expected YYYY-MM-DD)");
            return kBadInput;
        }
        q.since = d->days;
    }
    if (!f.known_at.empty()) {
        q.known = parse_known_at(f.known_at);
        if (!q.known) return kBadInput;
    }
    auto store = facts::FactStore::open(db_path, facts::StoreAccess::Read);
    if (!store) {
        print_error(store.error().message);
        return kBadInput;
    }
    // Rows are rendered into a buffer: on a database error nothing reaches stdout.
    std::string out;
    size_t rows = 0;
    std::unique_ptr<report::JsonWriter> json;
    if (f.format == "json") {
        json = std::make_unique<report::JsonWriter>(out, 2, 2);
        json->begin_array();
    }
    auto status = store->query(q, [&](const facts::StoredFact& r) {
        ++rows;
        if (f.format == "jsonl") {
            out += r.record;  // as ingested: ingesting this output again gives the same facts
            out += '\n';
        } else if (json) {
            json->begin_object();
            json->key("id").string(r.id);
            json->key("version").integer(r.version);
            json->key("retraction").boolean(r.retraction);
            json->key("superseded").boolean(r.superseded);
            if (!r.retraction) {
                json->key("type").string(r.type);
                json->key("party");
                r.party.empty() ? json->null() : json->string(r.party);
                // Typed when the event was declared at ingest; else see the record.
                json->key("attributes");
                r.attrs ? json->raw(*r.attrs) : json->null();
            }
            json->key("date");
            r.date.empty() ? json->null() : json->string(r.date);
            json->key("source");
            r.source.empty() ? json->null() : json->string(r.source);
            json->key("recorded_at").string(r.recorded_at);
            json->key("file").string(r.file);
            json->key("line").integer(r.line);
            json->key("record").string(r.record);
            json->end_object();
        } else {
            out += r.id;
            out += r.version > 1 ? " v" + std::to_string(r.version) : std::string();
            out += "  ";
            if (r.retraction) {
                out += "retracted";
            } else {
                out += r.date + "  " + r.type;
                if (!r.party.empty()) out += "  " + r.party;
                if (r.attrs && *r.attrs != "{}") out += "  " + *r.attrs;
            }
            if (r.superseded) out += "  (superseded)";
            out += "  [" + r.file + ":" + std::to_string(r.line) + ", " + r.recorded_at + "]\n";
        }
    });
    if (!status) {
        print_error(status.error().message);
        return kBadInput;
    }
    if (json) {
        json->end_array();
        json.reset();  // flushes
        out += '\n';
    }
    std::cout << out << std::flush;
    if (f.format == "text" && isatty(STDERR_FILENO))
        std::cerr << rows << (rows == 1 ? " row\n" : " rows\n");
    return kOk;
}

}  // namespace

Runner add_facts(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("facts", "Show the facts in the fact store");
    cmd->add_option("--db", f->db, "The fact store (default: $ABIDE_DB, else ./abide.db)");
    cmd->add_option("--type", f->type, "Only facts of this event type");
    cmd->add_option("--since", f->since, "Only facts dated on or after this date (YYYY-MM-DD)");
    cmd->add_option("--known-at", f->known_at,
                    "The store as it was at this RFC 3339 time (a date: its end, UTC)");
    cmd->add_flag("--history", f->history,
                  "Every stored row: superseded versions and retractions too");
    cmd->add_option("--format", f->format,
                    "text, json (with the typed attributes), or jsonl (the lines as ingested)")
        ->check(CLI::IsMember({"text", "json", "jsonl"}))
        ->capture_default_str();
    cmd->footer("Exit status: 0, or 2 when the store cannot be read.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
