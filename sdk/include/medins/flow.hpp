// Hospital-configurable booking and payment flows (data-driven state machines
// whose state the app persists) and status events (booking, payment, drug
// protocol, assistive-device application, complaint) with localized notifications.
// Formats: docs/flows.md and docs/status.md.
#ifndef MEDINS_FLOW_HPP
#define MEDINS_FLOW_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medins/status.hpp"

namespace medins::flow {

// ---- Flows ----------------------------------------------------------------

// A precondition of a step: `requires` was completed (not skipped) earlier in
// this instance, at most `max_age_s` seconds ago, and with `fact` true in the
// data recorded when it was completed.
struct Guard {
  std::string requires_step;
  std::optional<std::int64_t> max_age_s;
  std::optional<std::string> fact;
};

// A fork on collected data: completing the step with `field` equal to
// `equals` (a string, integer or boolean) in its data continues with `to`.
struct Branch {
  std::string field;
  nlohmann::json equals;
  std::string to;
};

struct Step {
  std::string id;    // `name` if given, else the vocabulary word
  std::string kind;  // "select_site", …, "done", or "custom"
  bool optional = false;
  // Successors: `next` (default: the following step), then the targets only
  // branches lead to; the first `plain_next` are the ones taken without a branch.
  std::vector<std::string> next;
  std::size_t plain_next = 0;
  std::vector<Guard> guards;
  std::vector<Branch> branches;
  nlohmann::json page;  // {title?, help?, fields?} as written (docs/flows.md "Pages"); null without
};

struct Definition {
  std::string id;
  std::int64_t version = 0;
  std::string start;
  std::vector<Step> steps;
  std::string digest;  // binds persisted states to this exact definition

  // Returns the step with id `id`, or nullptr.
  const Step* find(std::string_view id) const;
};

struct HistoryEntry {
  std::string step;
  std::int64_t at = 0;
  bool skipped = false;
  nlohmann::json data;  // what the app recorded when completing the step (object or null)
};

// One running flow; the app persists it (state_to_json) and resumes from it.
struct Instance {
  std::string flow;
  std::int64_t version = 0;
  std::string digest;
  std::string current;
  std::int64_t started_at = 0;
  std::vector<HistoryEntry> history;
};

// Returns the parsed definition, or the first problem found: flow.bad_definition,
// flow.unknown_step, flow.unknown_guard_step, flow.dead_end,
// flow.unreachable_step, flow.cycle_without_exit or flow.guard_order.
Result<Definition> parse_definition(const nlohmann::json& definition);

// Returns a new instance at the start step; fails with flow.bad_input when
// `now` is not Unix seconds within years 1970-9999, flow.guard_failed when
// the start step's guards cannot hold.
Result<Instance> start(const Definition& def, std::int64_t now);

// Returns the steps `advance` accepts from the current step (successors, and
// steps reached by skipping optional ones); empty once a `done` step is reached.
std::vector<std::string> allowed_next(const Definition& def, const Instance& inst);

// Completes the current step with `data` and moves to `to` (default: the first
// successor); fails with flow.bad_input (`now` as in start),
// flow.invalid_transition (detail "allowed"), flow.guard_failed or flow.history_full.
Result<Instance> advance(const Definition& def, Instance inst, const std::optional<std::string>& to,
                         nlohmann::json data, std::int64_t now);

// Returns to `to` (default: the last completed step), forgetting what was done
// after it; fails with flow.invalid_transition (detail "allowed").
Result<Instance> back(const Definition& def, Instance inst, const std::optional<std::string>& to);

// Returns the instance stored in `state`; fails with flow.definition_changed
// if it was made by another definition, flow.bad_state if it is malformed or
// its history is not a path of the flow.
Result<Instance> instance_from_json(const Definition& def, const nlohmann::json& state);

// Returns the JSON form of `inst` that instance_from_json reads back.
nlohmann::json instance_to_json(const Instance& inst);

// Returns a v4.public token carrying `definition` after checking it with
// parse_definition; fails with its codes, keys.invalid_key or keys.wrong_key_type.
Result<std::string> sign_definition(const nlohmann::json& definition, std::string_view secret_paserk);

// Returns the definition carried by a v4.public token signed by one of
// `public_keys`; fails with flow.bad_input for a malformed key, flow.invalid
// for any token that does not verify, then parse_definition's codes.
Result<Definition> verify_definition(std::string_view token, std::span<const std::string> public_keys);

// ---- Status events ------------------------------------------------------------

// One change of one subject, as signed by its issuer (docs/status.md).
struct Event {
  std::string issuer;
  std::string type;     // booking | payment | drug_protocol | assistive_device_application | complaint
  std::string subject;  // the subject's id at the issuer
  std::string state;
  std::int64_t seq = 0;  // 1, 2, 3, … per subject
  std::int64_t at = 0;   // Unix seconds
  nlohmann::json data;             // optional fields: title, due, count, amount (object or null)
};

// Returns the event in `payload`; fails with status.bad_event naming the field,
// including an unknown subject type or a state that type does not have.
Result<Event> parse_event(const nlohmann::json& payload);

// Returns the JSON form of `event` (the payload parse_event reads back).
nlohmann::json event_to_json(const Event& event);

struct ApplyOutcome {
  nlohmann::json timelines;                  // the updated collection, to persist
  std::string key;                 // "<type>:<issuer>:<subject>"
  std::vector<std::int64_t> applied;  // sequence numbers that took effect now, in order
  bool duplicate = false;          // the event was already known; nothing changed
  std::vector<std::int64_t> pending;  // held until the missing earlier events arrive
  nlohmann::json refused;                    // held events that proved impossible once reachable
};

// Applies a verified event to `timelines` (object keyed by "<type>:<issuer>:<subject>"):
// in sequence order, holding early arrivals, ignoring exact duplicates. Fails
// with status.bad_timeline, status.sequence_conflict,
// status.impossible_transition (detail "from", "to", "allowed") or status.timeline_full.
Result<ApplyOutcome> apply_event(nlohmann::json timelines, const Event& event);

// Options of rendered text: language ("bg", "zh-CN", …; unknown → en), the
// clock, and the reader's UTC offset in minutes for dates.
struct Locale {
  std::string lang = "en";
  std::int64_t now = 0;
  std::int64_t tz_offset_min = 0;
  std::string channel = "app";  // app | sms | viber: sms and viber add the text to send
};

// Returns status.bad_input unless locale.now is Unix seconds within years
// 1970-9999, tz_offset_min is within ±840 and channel is app, sms or viber.
Status check_locale(const Locale& locale);

// Returns the notification {lang, subject, type, id, state, seq, at, title,
// body, action, due} for the current state of `timeline`, plus {channel, text,
// encoding, segments, shortened} on sms and {channel, text, shortened} on viber; fails with
// status.bad_input (check_locale), or status.bad_timeline when it has no
// applied event or a stored value is out of range.
Result<nlohmann::json> notification(const nlohmann::json& timeline, const Locale& locale);

// Returns the items of `timelines` that need the patient's action by
// now + days (overdue ones included), soonest first, each with the channel's
// text as notification() adds it; fails with status.bad_input
// (check_locale, days not 0 to 3660) or status.bad_timeline.
Result<nlohmann::json> due(const nlohmann::json& timelines, std::int64_t days, const Locale& locale);

// Returns a v4.public token carrying `event` (footer kid = the key's k4.pid);
// fails with keys.invalid_key or keys.wrong_key_type.
Result<std::string> sign_event(const Event& event, std::string_view secret_paserk);

// A key trusted to sign events: for every issuer, or only for `issuer`.
struct TrustedKey {
  std::string key;  // "k4.public.…"
  std::optional<std::string> issuer;
};

struct VerifiedEvent {
  Event event;
  std::string kid;  // k4.pid of the key that verified it
};

// Returns the event of a token signed by one of `trusted` (for the event's
// issuer); fails with status.bad_input for a malformed key, status.invalid for
// any token that does not verify (forged, altered, untrusted key, made for
// another purpose), status.bad_event for a verified but malformed payload.
Result<VerifiedEvent> verify_event(std::string_view token, std::span<const TrustedKey> trusted);

}  // namespace medins::flow

#endif  // MEDINS_FLOW_HPP
