// Status events and the timelines they build. A timeline is the app's record
// of one subject: the events applied in sequence order, plus events that
// arrived early (pending) until the ones before them come in.
#include <algorithm>

#include "flow/subjects.hpp"
#include "internal/checked_time.hpp"
#include "internal/json_util.hpp"
#include "medins/flow.hpp"

namespace medins::flow {

using json = nlohmann::json;
namespace {

using internal::Fields;

constexpr std::size_t kMaxEvents = 256;
constexpr std::size_t kMaxPending = 64;

bool valid_issuer(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

bool printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string key_of(const Event& e) { return e.type + ":" + e.issuer + ":" + e.subject; }

// What a timeline keeps of an event; two arrivals of the same event give
// equal entries, which is how duplicates are told from conflicts.
json entry_of(const Event& e) {
  json entry = {{"seq", e.seq}, {"state", e.state}, {"at", e.at}};
  if (e.data.is_object()) entry["data"] = e.data;
  return entry;
}

// The data an event may carry, checked where it is signed and again where a
// stored timeline is read: the renderers format `due`, `count` and `amount`,
// and an edited app store must not hand them values beyond those bounds.
Status check_data(const Fields& d) {
  MEDINS_ASSIGN_OR_RETURN(auto title, d.optional_string("title"));
  if (title && (title->size() > 200 || !printable(*title))) return d.error("title", "must be up to 200 printable characters");
  MEDINS_RETURN_IF_ERROR(d.optional_time("due").status());
  MEDINS_ASSIGN_OR_RETURN(auto count, d.optional_integer("count"));
  MEDINS_ASSIGN_OR_RETURN(auto amount, d.optional_integer("amount"));
  if (count && (*count < 0 || *count > 1000000)) return d.error("count", "must be 0 to 1000000");
  if (amount && (*amount < 0 || *amount > 1000000000000000)) return d.error("amount", "must be 0 to 10^15 fen");
  return ok_status();
}

Status bad_timeline(const std::string& key, std::string what) {
  return Status(Code::StatusBadTimeline, "timeline " + key + ": " + what, json{{"subject", key}});
}

// Checks the shape apply_event and the renderers rely on, so a timeline edited
// in app storage is an error rather than undefined behaviour.
Status check_timeline(const std::string& key, const json& tl) {
  if (!tl.is_object()) return bad_timeline(key, "must be an object");
  Fields f(tl, Code::StatusBadTimeline, "timelines[\"" + key + "\"].");
  MEDINS_ASSIGN_OR_RETURN(std::string type, f.string("type"));
  MEDINS_ASSIGN_OR_RETURN(std::string issuer, f.string("issuer"));
  MEDINS_ASSIGN_OR_RETURN(std::string subject, f.string("subject"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t seq, f.integer("seq"));
  MEDINS_ASSIGN_OR_RETURN(const json* events, f.array("events"));
  MEDINS_ASSIGN_OR_RETURN(const json* pending, f.array("pending"));
  const detail::SubjectType* t = detail::find_type(type);
  if (!t || type + ":" + issuer + ":" + subject != key) return bad_timeline(key, "does not match its key");
  if (seq < 0 || static_cast<std::size_t>(seq) != events->size() || events->size() > kMaxEvents ||
      pending->size() > kMaxPending)
    return bad_timeline(key, "sequence and events disagree");
  // Applied events are exactly 1..seq; pending ones rise strictly above seq + 1.
  std::int64_t expect = 1;
  for (const json* list : {events, pending})
    for (const auto& e : *list) {
      Fields ef(e, Code::StatusBadTimeline, "timelines[\"" + key + "\"] event.");
      MEDINS_RETURN_IF_ERROR(ef.require_object());
      MEDINS_ASSIGN_OR_RETURN(std::int64_t s, ef.integer("seq"));
      MEDINS_ASSIGN_OR_RETURN(std::string state, ef.string("state"));
      MEDINS_RETURN_IF_ERROR(ef.time("at").status());
      MEDINS_ASSIGN_OR_RETURN(const json* data, ef.optional_object("data"));
      if (data) MEDINS_RETURN_IF_ERROR(check_data(Fields(*data, Code::StatusBadTimeline, "timelines[\"" + key + "\"] event.data.")));
      if (detail::state_index(*t, state) < 0) return bad_timeline(key, "has an unknown state");
      if (list == events ? s != expect : s <= expect) return bad_timeline(key, "events are out of sequence");
      expect = list == events ? s + 1 : s;
    }
  return ok_status();
}

json all_states(const detail::SubjectType& t) {
  json out = json::array();
  for (auto s : t.states) out.push_back(s);
  return out;
}

json allowed_states(const detail::SubjectType& t, int from) {
  std::uint16_t mask = from < 0 ? t.initial : t.next[static_cast<std::size_t>(from)];
  json out = json::array();
  for (std::size_t j = 0; j < t.states.size(); ++j)
    if (mask & (1u << j)) out.push_back(t.states[j]);
  return out;
}

bool transition_ok(const detail::SubjectType& t, int from, int to) {
  std::uint16_t mask = from < 0 ? t.initial : t.next[static_cast<std::size_t>(from)];
  return (mask >> to) & 1u;
}

int current_state(const detail::SubjectType& t, const json& tl) {
  const json& events = tl["events"];
  return events.empty() ? -1 : detail::state_index(t, events.back()["state"].get_ref<const std::string&>());
}

detail::Vars vars_of(const json& tl, const Locale& loc) {
  detail::Vars v;
  v.id = tl["subject"].get<std::string>();
  v.now = loc.now;
  v.tz_offset_min = loc.tz_offset_min;
  const json& last = tl["events"].back();
  auto it = last.find("data");
  if (it != last.end() && it->is_object()) {
    const json& d = *it;
    if (auto t = d.find("title"); t != d.end() && t->is_string()) v.title = t->get<std::string>();
    for (auto [name, slot] : {std::pair{"due", &v.due}, {"count", &v.count}, {"amount", &v.amount}})
      if (auto n = d.find(name); n != d.end() && n->is_number_integer()) *slot = n->get<std::int64_t>();
  }
  return v;
}

// Adds what `loc.channel` sends of message (subject, key) to `out`; the app
// channel adds nothing, so its output stays as it always was.
void add_channel_text(json& out, const Locale& loc, std::string_view lang, std::string_view subject,
                      std::string_view key, const detail::Vars& v) {
  const detail::Channel channel = *detail::channel_named(loc.channel);
  if (channel == detail::Channel::kApp) return;
  detail::ChannelText t = detail::render_for(channel, lang, subject, key, v);
  out["channel"] = loc.channel;
  out["text"] = std::move(t.text);
  if (channel == detail::Channel::kSms) {
    out["encoding"] = internal::sms_encoding_name(t.sms.encoding);
    out["segments"] = t.sms.segments;
  }
  out["shortened"] = t.shortened;
}

}  // namespace

Result<Event> parse_event(const json& payload) {
  Fields f(payload, Code::StatusBadEvent);
  MEDINS_RETURN_IF_ERROR(f.require_object());
  Event e;
  MEDINS_ASSIGN_OR_RETURN(e.issuer, f.string("iss"));
  if (!valid_issuer(e.issuer)) return f.error("iss", "must match [a-z0-9_.-]{1,64}");
  MEDINS_ASSIGN_OR_RETURN(e.type, f.string("type"));
  const detail::SubjectType* type = detail::find_type(e.type);
  if (!type)
    return f.error("type", "must be booking, payment, drug_protocol, assistive_device_application or complaint");
  MEDINS_ASSIGN_OR_RETURN(e.subject, f.string("subject"));
  if (e.subject.empty() || e.subject.size() > 128 || !printable(e.subject))
    return f.error("subject", "must be 1 to 128 printable characters");
  MEDINS_ASSIGN_OR_RETURN(e.state, f.string("state"));
  if (detail::state_index(*type, e.state) < 0)
    return Status(Code::StatusBadEvent, "state: \"" + e.state + "\" is not a state of " + e.type,
                  json{{"field", "state"}, {"allowed", all_states(*type)}});
  MEDINS_ASSIGN_OR_RETURN(e.seq, f.integer("seq"));
  if (e.seq < 1) return f.error("seq", "must be 1 or more");
  MEDINS_ASSIGN_OR_RETURN(e.at, f.time("at"));
  MEDINS_ASSIGN_OR_RETURN(const json* data, f.optional_object("data"));
  if (data) {
    MEDINS_RETURN_IF_ERROR(check_data(Fields(*data, Code::StatusBadEvent, "data.")));
    e.data = *data;
  }
  return e;
}

json event_to_json(const Event& e) {
  json out = {{"iss", e.issuer}, {"type", e.type}, {"subject", e.subject},
              {"state", e.state}, {"seq", e.seq},   {"at", e.at}};
  if (e.data.is_object()) out["data"] = e.data;
  return out;
}

Result<ApplyOutcome> apply_event(json timelines, const Event& event) {
  if (timelines.is_null()) timelines = json::object();
  if (!timelines.is_object())
    return Status(Code::StatusBadTimeline, "timelines must be an object", json{{"field", "timelines"}});
  const detail::SubjectType* type = detail::find_type(event.type);
  if (!type || detail::state_index(*type, event.state) < 0 || event.seq < 1)
    return Status(Code::StatusBadEvent, "the event was not made by parse_event");
  ApplyOutcome out;
  out.key = key_of(event);
  out.refused = json::array();
  auto found = timelines.find(out.key);
  if (found == timelines.end()) {
    json fresh = {{"type", event.type},        {"issuer", event.issuer},       {"subject", event.subject},
                  {"seq", 0},                  {"events", json::array()},      {"pending", json::array()}};
    found = timelines.emplace(out.key, std::move(fresh)).first;
  } else {
    MEDINS_RETURN_IF_ERROR(check_timeline(out.key, *found));
  }
  json& tl = *found;
  json& events = tl["events"];
  json& pending = tl["pending"];
  const std::int64_t seq = tl["seq"].get<std::int64_t>();
  const json entry = entry_of(event);

  auto known = [&](const json& list) -> const json* {
    for (const auto& e : list)
      if (e["seq"].get<std::int64_t>() == event.seq) return &e;
    return nullptr;
  };
  if (const json* same = event.seq <= seq ? known(events) : known(pending)) {
    if (*same != entry)
      return Status(Code::StatusSequenceConflict,
                    "event " + std::to_string(event.seq) + " of " + out.key + " differs from the one already received",
                    json{{"subject", out.key}, {"seq", event.seq}});
    out.duplicate = true;
  } else if (event.seq > seq + 1) {
    if (pending.size() >= kMaxPending)
      return Status(Code::StatusTimelineFull, "too many events are waiting for earlier ones", json{{"subject", out.key}});
    auto at = std::find_if(pending.begin(), pending.end(),
                           [&](const json& p) { return p["seq"].get<std::int64_t>() > event.seq; });
    pending.insert(at, entry);
  } else {
    const int from = current_state(*type, tl);
    const int to = detail::state_index(*type, event.state);
    if (!transition_ok(*type, from, to))
      return Status(Code::StatusImpossibleTransition,
                    out.key + ": " + (from < 0 ? std::string("a timeline cannot begin with ") : std::string(type->states[from]) + " cannot become ") + event.state,
                    json{{"subject", out.key}, {"from", from < 0 ? json(nullptr) : json(type->states[from])},
                         {"to", event.state}, {"allowed", allowed_states(*type, from)}});
    if (events.size() >= kMaxEvents)
      return Status(Code::StatusTimelineFull, "the timeline holds 256 events", json{{"subject", out.key}});
    events.push_back(entry);
    out.applied.push_back(event.seq);
    // Early arrivals become applicable in order. One that proves impossible
    // is dropped (and reported) rather than kept: the issuer can then send a
    // corrected event with that sequence number.
    while (!pending.empty() && pending[0]["seq"].get<std::int64_t>() == static_cast<std::int64_t>(events.size()) + 1 &&
           events.size() < kMaxEvents) {
      json next = pending[0];
      pending.erase(pending.begin());
      const int f = current_state(*type, tl);
      const int t = detail::state_index(*type, next["state"].get_ref<const std::string&>());
      if (transition_ok(*type, f, t)) {
        out.applied.push_back(next["seq"].get<std::int64_t>());
        events.push_back(std::move(next));
      } else {
        out.refused.push_back({{"seq", next["seq"]}, {"from", type->states[f]}, {"to", next["state"]},
                               {"code", "status.impossible_transition"}});
      }
    }
    tl["seq"] = events.size();
    // The state is duplicated at the top for apps that only show a badge.
    tl["state"] = events.back()["state"];
  }
  for (const auto& p : pending) out.pending.push_back(p["seq"].get<std::int64_t>());
  out.timelines = std::move(timelines);
  return out;
}

Status check_locale(const Locale& loc) {
  if (!internal::in_time_range(loc.now))
    return Status(Code::StatusBadInput, "now: " + std::string(internal::kTimeRangeText), json{{"field", "now"}});
  if (loc.tz_offset_min < -14 * 60 || loc.tz_offset_min > 14 * 60)
    return Status(Code::StatusBadInput, "tz_offset_min: must be within ±840 minutes", json{{"field", "tz_offset_min"}});
  if (!detail::channel_named(loc.channel))
    return Status(Code::StatusBadInput, "channel: must be app, sms or viber", json{{"field", "channel"}});
  return ok_status();
}

Result<json> notification(const json& tl, const Locale& loc) {
  MEDINS_RETURN_IF_ERROR(check_locale(loc));
  const std::string key = tl.is_object() && tl.contains("type") && tl["type"].is_string() && tl.contains("issuer") &&
                                  tl["issuer"].is_string() && tl.contains("subject") && tl["subject"].is_string()
                              ? tl["type"].get<std::string>() + ":" + tl["issuer"].get<std::string>() + ":" +
                                    tl["subject"].get<std::string>()
                              : std::string("?");
  MEDINS_RETURN_IF_ERROR(check_timeline(key, tl));
  if (tl["events"].empty()) return bad_timeline(key, "has no applied event yet");
  const detail::SubjectType& type = *detail::find_type(tl["type"].get_ref<const std::string&>());
  const std::string_view lang = detail::resolve_lang(loc.lang);
  const json& last = tl["events"].back();
  const int state = current_state(type, tl);
  detail::Vars v = vars_of(tl, loc);
  bool always;
  detail::Action action = detail::action_of(type, type.states[state], &always);
  json out = {{"lang", lang},
              {"subject", key},
              {"type", type.name},
              {"id", v.id},
              {"state", type.states[state]},
              {"seq", last["seq"]},
              {"at", last["at"]},
              {"title", detail::render(lang, type.name, "title", v)},
              {"body", detail::render(lang, type.name, type.states[state], v)},
              {"action", action == detail::Action::kNone ? json(nullptr) : json(detail::action_name(action))},
              {"due", v.due ? json(*v.due) : json(nullptr)}};
  add_channel_text(out, loc, lang, type.name, type.states[state], v);
  return out;
}

Result<json> due(const json& timelines, std::int64_t days, const Locale& loc) {
  MEDINS_RETURN_IF_ERROR(check_locale(loc));
  if (days < 0 || days > 3660)
    return Status(Code::StatusBadInput, "days: must be 0 to 3660", json{{"field", "days"}});
  if (!timelines.is_object())
    return Status(Code::StatusBadTimeline, "timelines must be an object", json{{"field", "timelines"}});
  const std::string_view lang = detail::resolve_lang(loc.lang);
  // Bounded by the checks above; add_sat keeps the comparison exact should they widen.
  const std::int64_t horizon = internal::add_sat(loc.now, days * 86400);
  json items = json::array();
  for (auto it = timelines.begin(); it != timelines.end(); ++it) {
    MEDINS_RETURN_IF_ERROR(check_timeline(it.key(), it.value()));
    const json& tl = it.value();
    if (tl["events"].empty()) continue;
    const detail::SubjectType& type = *detail::find_type(tl["type"].get_ref<const std::string&>());
    const int state = current_state(type, tl);
    bool always;
    detail::Action action = detail::action_of(type, type.states[state], &always);
    detail::Vars v = vars_of(tl, loc);
    if (action == detail::Action::kNone || (v.due ? *v.due > horizon : !always)) continue;
    json item = {{"subject", it.key()},
                 {"type", type.name},
                 {"id", v.id},
                 {"state", type.states[state]},
                 {"action", detail::action_name(action)},
                 {"due", v.due ? json(*v.due) : json(nullptr)},
                 {"overdue", v.due && *v.due < loc.now},
                 {"message", detail::render(lang, "action", detail::action_name(action), v)}};
    add_channel_text(item, loc, lang, "action", detail::action_name(action), v);
    items.push_back(std::move(item));
  }
  // Soonest first; undated items (documents awaited without a deadline) last.
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    if (a["due"].is_null() || b["due"].is_null()) return !a["due"].is_null() && b["due"].is_null();
    return a["due"].get<std::int64_t>() < b["due"].get<std::int64_t>();
  });
  return json{{"lang", lang}, {"items", std::move(items)}};
}

}  // namespace medins::flow
