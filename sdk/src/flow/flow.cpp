// Flow definitions (parse + static checks) and flow instances (start, advance,
// back, resume). Everything here is pure: time comes in as `now`.
#include <algorithm>
#include <array>

#include "flow/form.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"
#include "medins/call.hpp"
#include "medins/flow.hpp"

namespace medins::flow {

using json = nlohmann::json;
namespace {

using internal::Fields;

constexpr std::array<std::string_view, 13> kVocabulary = {
    "verify_identity", "select_site",  "select_department", "select_doctor", "select_slot",
    "confirm",         "choose_insurance", "estimate",      "authorize",     "pay",
    "select_prescription", "done",     "custom"};

// Bounds keep validation and every transition cheap on a phone, whatever a
// definition or a persisted state claims.
constexpr std::size_t kMaxSteps = 64;
constexpr std::size_t kMaxNext = 16;
constexpr std::size_t kMaxGuards = 8;
constexpr std::size_t kMaxHistory = 256;

using detail::valid_id;

Status bad(std::string field, std::string what) {
  return Status(Code::FlowBadDefinition, field + ": " + what, json{{"field", field}});
}

// `now` is stored in the history, so it must be a time the state can be read back with.
Status check_now(std::int64_t now) {
  if (internal::in_time_range(now)) return ok_status();
  return Status(Code::FlowBadInput, "now: " + std::string(internal::kTimeRangeText), json{{"field", "now"}});
}

Result<Guard> parse_guard(const json& in, const std::string& where) {
  Fields f(in, Code::FlowBadDefinition, where + ".");
  MEDINS_RETURN_IF_ERROR(f.require_object());
  Guard g;
  MEDINS_ASSIGN_OR_RETURN(g.requires_step, f.string("requires"));
  MEDINS_ASSIGN_OR_RETURN(g.max_age_s, f.optional_integer("max_age_s"));
  MEDINS_ASSIGN_OR_RETURN(g.fact, f.optional_string("fact"));
  if (g.max_age_s && *g.max_age_s <= 0) return f.error("max_age_s", "must be positive");
  if (g.fact && !valid_id(*g.fact)) return f.error("fact", "must match [a-z0-9_.-]{1,64}");
  return g;
}

Result<Step> parse_step(const json& in, std::size_t index) {
  const std::string where = "steps[" + std::to_string(index) + "]";
  Fields f(in, Code::FlowBadDefinition, where + ".");
  MEDINS_RETURN_IF_ERROR(f.require_object());
  Step s;
  MEDINS_ASSIGN_OR_RETURN(s.kind, f.string("step"));
  if (std::find(kVocabulary.begin(), kVocabulary.end(), s.kind) == kVocabulary.end())
    return f.error("step", "is not a step of the vocabulary (use \"custom\" with a name)");
  MEDINS_ASSIGN_OR_RETURN(auto name, f.optional_string("name"));
  if (s.kind == "custom" && !name) return f.error("name", "is required for a custom step");
  s.id = name ? *name : s.kind;
  if (!valid_id(s.id)) return f.error(name ? "name" : "step", "must match [a-z0-9_.-]{1,64}");
  MEDINS_ASSIGN_OR_RETURN(auto optional, f.optional_boolean("optional"));
  s.optional = optional.value_or(false);
  MEDINS_ASSIGN_OR_RETURN(const json* next, f.optional_array("next"));
  if (next) {
    if (next->empty() || next->size() > kMaxNext) return f.error("next", "must list 1 to 16 step ids");
    for (const auto& n : *next) {
      if (!n.is_string()) return f.error("next", "must list step ids (strings)");
      s.next.push_back(n.get<std::string>());
    }
  }
  MEDINS_ASSIGN_OR_RETURN(const json* guards, f.optional_array("guards"));
  if (guards) {
    if (guards->size() > kMaxGuards) return f.error("guards", "has more than 8 guards");
    for (std::size_t i = 0; i < guards->size(); ++i) {
      MEDINS_ASSIGN_OR_RETURN(Guard g, parse_guard((*guards)[i], where + ".guards[" + std::to_string(i) + "]"));
      s.guards.push_back(std::move(g));
    }
  }
  MEDINS_ASSIGN_OR_RETURN(s.page, detail::parse_page(in, where, s.id));
  MEDINS_ASSIGN_OR_RETURN(const json* branches, f.optional_array("branches"));
  if (branches && (branches->empty() || branches->size() > kMaxGuards))
    return f.error("branches", "must list 1 to 8 branches");
  for (std::size_t i = 0; branches && i < branches->size(); ++i) {
    const std::string at = where + ".branches[" + std::to_string(i) + "]";
    Fields b((*branches)[i], Code::FlowBadDefinition, at + ".");
    MEDINS_RETURN_IF_ERROR(b.require_object());
    Branch branch;
    MEDINS_ASSIGN_OR_RETURN(branch.field, b.string("field"));
    MEDINS_ASSIGN_OR_RETURN(branch.to, b.string("to"));
    auto eq = (*branches)[i].find("equals");
    if (eq == (*branches)[i].end() || !(eq->is_string() || eq->is_number_integer() || eq->is_boolean()))
      return b.error("equals", "must be a string, an integer or a boolean");
    branch.equals = *eq;
    // A step with a form can only branch on its own fields; a page written in
    // code (no fields) records what it likes, so any name may be read there.
    const bool has_form = s.page.is_object() && s.page.contains("fields");
    if (!valid_id(branch.field) || (has_form && !detail::has_field(s.page, branch.field)))
      return Status(Code::FlowUnknownField, at + ".field: the step has no field \"" + branch.field + "\"",
                    json{{"step", s.id}, {"field", branch.field}, {"path", at + ".field"}});
    s.branches.push_back(std::move(branch));
  }
  if (s.kind == "done" && (next || s.optional || branches))
    return f.error("step", "a done step ends the flow: no next, no branches, never optional");
  return s;
}

// The RFC 8785 form is hashed, so equal definitions hash equally whatever
// order the hospital's tool wrote the keys in, and any JCS implementation
// (the browser studio, a backend in Java) reproduces the digest.
Result<std::string> digest_of(const json& definition) {
  std::string text;
  const internal::JcsError e = internal::canonicalize_jcs(definition, text, {kMaxInputBytes, kMaxJsonDepth});
  if (e != internal::JcsError::kNone)
    return Status(Code::FlowBadDefinition, std::string("definition ") + internal::jcs_error_text(e),
                  json{{"field", "definition"}});
  std::array<std::uint8_t, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return internal::base64url_encode(hash);
}

using Graph = std::vector<std::vector<std::size_t>>;

std::size_t index_of(const Definition& def, std::string_view id) {
  for (std::size_t i = 0; i < def.steps.size(); ++i)
    if (def.steps[i].id == id) return i;
  return def.steps.size();
}

std::vector<bool> reach_from(const Graph& g, std::size_t from) {
  std::vector<bool> seen(g.size(), false);
  std::vector<std::size_t> todo{from};
  seen[from] = true;
  while (!todo.empty()) {
    std::size_t n = todo.back();
    todo.pop_back();
    for (std::size_t m : g[n])
      if (!seen[m]) {
        seen[m] = true;
        todo.push_back(m);
      }
  }
  return seen;
}

json id_list(const Definition& def, const std::vector<std::size_t>& indices) {
  json out = json::array();
  for (std::size_t i : indices) out.push_back(def.steps[i].id);
  return out;
}

// The static checks, in the order docs/flows.md documents; each failure has
// its own code so a hospital's CI can tell what to fix.
Status check_graph(const Definition& def) {
  const std::size_t n = def.steps.size();
  Graph g(n);
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& next : def.steps[i].next) {
      std::size_t j = index_of(def, next);
      if (j == n)
        return Status(Code::FlowUnknownStep, def.steps[i].id + ": next names an unknown step \"" + next + "\"",
                      json{{"step", def.steps[i].id}, {"unknown", next}});
      g[i].push_back(j);
    }
  for (const auto& s : def.steps)
    for (const auto& guard : s.guards)
      if (index_of(def, guard.requires_step) == n)
        return Status(Code::FlowUnknownGuardStep,
                      s.id + ": a guard requires an unknown step \"" + guard.requires_step + "\"",
                      json{{"step", s.id}, {"unknown", guard.requires_step}});
  for (std::size_t i = 0; i < n; ++i)
    if (def.steps[i].plain_next == 0 && def.steps[i].kind != "done")  // branches alone may all miss
      return Status(Code::FlowDeadEnd, def.steps[i].id + ": no next step and not a done step",
                    json{{"step", def.steps[i].id}});
  const std::size_t start = index_of(def, def.start);
  auto reachable = reach_from(g, start);
  std::vector<std::size_t> lost;
  for (std::size_t i = 0; i < n; ++i)
    if (!reachable[i]) lost.push_back(i);
  if (!lost.empty())
    return Status(Code::FlowUnreachableStep, "steps unreachable from the start: " + id_list(def, lost).dump(),
                  json{{"steps", id_list(def, lost)}});
  // With dead ends excluded, a step that cannot reach a done step can only be
  // caught in a cycle that never exits.
  Graph reverse(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j : g[i]) reverse[j].push_back(i);
  std::vector<bool> finishes(n, false);
  for (std::size_t i = 0; i < n; ++i)
    if (def.steps[i].kind == "done" && !finishes[i]) {
      auto r = reach_from(reverse, i);
      for (std::size_t k = 0; k < n; ++k) finishes[k] = finishes[k] || r[k];
    }
  std::vector<std::size_t> trapped;
  for (std::size_t i = 0; i < n; ++i)
    if (!finishes[i]) trapped.push_back(i);
  if (!trapped.empty())
    return Status(Code::FlowCycleWithoutExit, "steps in a cycle that never reaches done: " + id_list(def, trapped).dump(),
                  json{{"steps", id_list(def, trapped)}});
  // What each step reaches, searched once per step rather than once per guard
  // and successor (64 × 8 guards × 16 successors searches at the limits).
  std::vector<std::vector<bool>> reaches(n);
  for (std::size_t i = 0; i < n; ++i) reaches[i] = reach_from(g, i);
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& guard : def.steps[i].guards) {
      std::size_t r = index_of(def, guard.requires_step);
      // A strict predecessor is needed: reach_from marks the origin itself.
      bool before = false;
      for (std::size_t m : g[r]) before = before || reaches[m][i];
      if (!before)
        return Status(Code::FlowGuardOrder,
                      def.steps[i].id + ": its guard requires \"" + guard.requires_step + "\", which never comes before it",
                      json{{"step", def.steps[i].id}, {"requires", guard.requires_step}});
    }
  return ok_status();
}

// The steps `advance` may move to from `from`, each with the optional steps it
// skips on the way (breadth first, so the shortest skip chain wins).
struct Target {
  std::string id;
  std::vector<std::string> skipped;
};

std::vector<Target> targets_from(const Definition& def, const Step& from, const std::vector<std::string>& hops) {
  std::vector<Target> out;
  std::vector<Target> queue;
  for (const auto& n : hops) queue.push_back({n, {}});
  for (std::size_t q = 0; q < queue.size() && q < 4 * kMaxSteps; ++q) {
    Target t = queue[q];
    if (std::any_of(out.begin(), out.end(), [&](const Target& o) { return o.id == t.id; })) continue;
    out.push_back(t);
    const Step* s = def.find(t.id);
    if (s && s->optional && s->id != from.id) {
      auto skipped = t.skipped;
      skipped.push_back(s->id);
      // A skipped step is completed with no data: no branch of it can match.
      for (std::size_t k = 0; k < s->plain_next; ++k) queue.push_back({s->next[k], skipped});
    }
  }
  return out;
}

json allowed_json(const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids) out.push_back(id);
  return out;
}

const HistoryEntry* last_completion(const Instance& inst, std::string_view step) {
  for (auto it = inst.history.rbegin(); it != inst.history.rend(); ++it)
    if (it->step == step && !it->skipped) return &*it;
  return nullptr;
}

Status check_guards(const Step& step, const Instance& inst, std::int64_t now) {
  for (const auto& g : step.guards) {
    const HistoryEntry* done = last_completion(inst, g.requires_step);
    std::string reason;
    if (!done) reason = "missing";
    else if (g.max_age_s && internal::sub_sat(now, done->at) > *g.max_age_s) reason = "stale";
    else if (g.fact) {
      const json& d = done->data;
      auto it = d.is_object() ? d.find(*g.fact) : d.end();
      if (!d.is_object() || it == d.end() || !it->is_boolean() || !it->get<bool>()) reason = "fact";
    }
    if (!reason.empty()) {
      json detail = {{"step", step.id}, {"requires", g.requires_step}, {"reason", reason}};
      if (g.fact) detail["fact"] = *g.fact;
      return Status(Code::FlowGuardFailed,
                    step.id + " needs " + g.requires_step +
                        (reason == "missing" ? " to be completed first"
                         : reason == "stale" ? " to be redone (too old)"
                                             : " with \"" + *g.fact + "\" true"),
                    std::move(detail));
    }
  }
  return ok_status();
}

std::vector<std::string> back_targets(const Instance& inst) {
  std::vector<std::string> out;
  for (auto it = inst.history.rbegin(); it != inst.history.rend(); ++it)
    if (!it->skipped && std::find(out.begin(), out.end(), it->step) == out.end()) out.push_back(it->step);
  return out;
}

}  // namespace

const Step* Definition::find(std::string_view step_id) const {
  for (const auto& s : steps)
    if (s.id == step_id) return &s;
  return nullptr;
}

Result<Definition> parse_definition(const json& in) {
  Fields f(in, Code::FlowBadDefinition);
  if (!in.is_object()) return Status(Code::FlowBadDefinition, "a flow definition must be a JSON object");
  Definition def;
  MEDINS_ASSIGN_OR_RETURN(def.id, f.string("id"));
  if (!valid_id(def.id)) return bad("id", "must match [a-z0-9_.-]{1,64}");
  MEDINS_ASSIGN_OR_RETURN(def.version, f.integer("version"));
  if (def.version < 1) return bad("version", "must be 1 or more");
  MEDINS_ASSIGN_OR_RETURN(const json* steps, f.array("steps"));
  if (steps->empty() || steps->size() > kMaxSteps) return bad("steps", "must list 1 to 64 steps");
  for (std::size_t i = 0; i < steps->size(); ++i) {
    MEDINS_ASSIGN_OR_RETURN(Step s, parse_step((*steps)[i], i));
    if (def.find(s.id)) return bad("steps[" + std::to_string(i) + "]", "duplicate step id \"" + s.id + "\"");
    def.steps.push_back(std::move(s));
  }
  // The array order is the default path: a step without `next` continues
  // with the step written after it.
  for (std::size_t i = 0; i + 1 < def.steps.size(); ++i)
    if (def.steps[i].next.empty() && def.steps[i].kind != "done") def.steps[i].next.push_back(def.steps[i + 1].id);
  // Branch targets join the successors, after the plain ones, so every graph
  // check below sees the paths branches open.
  for (std::size_t i = 0; i < def.steps.size(); ++i) {
    Step& s = def.steps[i];
    s.plain_next = s.next.size();
    for (std::size_t b = 0; b < s.branches.size(); ++b) {
      const std::string& to = s.branches[b].to;
      if (!def.find(to))
        return Status(Code::FlowUnknownStep, s.id + ": a branch goes to an unknown step \"" + to + "\"",
                      json{{"step", s.id}, {"unknown", to},
                           {"path", "steps[" + std::to_string(i) + "].branches[" + std::to_string(b) + "].to"}});
      if (std::find(s.next.begin(), s.next.end(), to) == s.next.end()) s.next.push_back(to);
    }
  }
  MEDINS_ASSIGN_OR_RETURN(auto start_id, f.optional_string("start"));
  def.start = start_id ? *start_id : def.steps.front().id;
  if (!def.find(def.start))
    return Status(Code::FlowUnknownStep, "start names an unknown step \"" + def.start + "\"",
                  json{{"step", "start"}, {"unknown", def.start}});
  MEDINS_RETURN_IF_ERROR(check_graph(def));
  if (!internal::sodium_ready()) return Status(Code::InternalError, "libsodium unavailable");
  MEDINS_ASSIGN_OR_RETURN(def.digest, digest_of(in));
  return def;
}

Result<Instance> start(const Definition& def, std::int64_t now) {
  MEDINS_RETURN_IF_ERROR(check_now(now));
  Instance inst;
  inst.flow = def.id;
  inst.version = def.version;
  inst.digest = def.digest;
  inst.current = def.start;
  inst.started_at = now;
  MEDINS_RETURN_IF_ERROR(check_guards(*def.find(def.start), inst, now));
  return inst;
}

std::vector<std::string> allowed_next(const Definition& def, const Instance& inst) {
  std::vector<std::string> out;
  const Step* cur = def.find(inst.current);
  if (!cur) return out;
  for (auto& t : targets_from(def, *cur, cur->next)) out.push_back(std::move(t.id));
  return out;
}

Result<Instance> advance(const Definition& def, Instance inst, const std::optional<std::string>& to, json data,
                         std::int64_t now) {
  MEDINS_RETURN_IF_ERROR(check_now(now));
  const Step* cur = def.find(inst.current);
  if (!cur) return Status(Code::FlowBadState, "current names an unknown step");
  if (cur->next.empty())
    return Status(Code::FlowInvalidTransition, "the flow is finished", json{{"current", inst.current}, {"allowed", json::array()}});
  MEDINS_RETURN_IF_ERROR(detail::check_data(cur->page, data, cur->id));
  // The first branch the data matches decides where the step continues;
  // without one, the plain successors do (never a branch-only target).
  std::vector<std::string> hops(cur->next.begin(),
                                cur->next.begin() + static_cast<std::ptrdiff_t>(cur->plain_next));
  for (const auto& b : cur->branches) {
    auto v = data.is_object() ? data.find(b.field) : data.end();
    if (data.is_object() && v != data.end() && *v == b.equals) {
      hops = {b.to};
      break;
    }
  }
  auto targets = targets_from(def, *cur, hops);
  std::vector<std::string> allowed;
  for (const auto& t : targets) allowed.push_back(t.id);
  const std::string target = to ? *to : hops.front();
  auto it = std::find_if(targets.begin(), targets.end(), [&](const Target& t) { return t.id == target; });
  if (it == targets.end())
    return Status(Code::FlowInvalidTransition, "cannot go from " + inst.current + " to " + target,
                  json{{"current", inst.current}, {"to", target}, {"allowed", allowed_json(allowed)}});
  if (inst.history.size() + 1 + it->skipped.size() > kMaxHistory)
    return Status(Code::FlowHistoryFull, "the flow has more than 256 steps behind it; start it again");
  // Guards hold when a step is completed as well as when it is entered, so an
  // estimate that went stale while the patient sat on `authorize` is caught.
  MEDINS_RETURN_IF_ERROR(check_guards(*cur, inst, now));
  inst.history.push_back({inst.current, now, false, data.is_object() ? std::move(data) : json(nullptr)});
  for (const auto& s : it->skipped) inst.history.push_back({s, now, true, nullptr});
  inst.current = target;
  MEDINS_RETURN_IF_ERROR(check_guards(*def.find(target), inst, now));
  return inst;
}

Result<Instance> back(const Definition& def, Instance inst, const std::optional<std::string>& to) {
  auto allowed = back_targets(inst);
  if (allowed.empty())
    return Status(Code::FlowInvalidTransition, "no completed step to go back to",
                  json{{"current", inst.current}, {"allowed", json::array()}});
  const std::string target = to ? *to : allowed.front();
  if (std::find(allowed.begin(), allowed.end(), target) == allowed.end())
    return Status(Code::FlowInvalidTransition, "cannot go back to " + target,
                  json{{"current", inst.current}, {"to", target}, {"allowed", allowed_json(allowed)}});
  while (!(inst.history.back().step == target && !inst.history.back().skipped)) inst.history.pop_back();
  inst.history.pop_back();
  inst.current = target;
  return inst;
}

json instance_to_json(const Instance& inst) {
  json history = json::array();
  for (const auto& h : inst.history) {
    json e = {{"step", h.step}, {"at", h.at}};
    if (h.skipped) e["skipped"] = true;
    if (h.data.is_object()) e["data"] = h.data;
    history.push_back(std::move(e));
  }
  return {{"flow", inst.flow},       {"version", inst.version}, {"digest", inst.digest},
          {"current", inst.current}, {"started_at", inst.started_at}, {"history", std::move(history)}};
}

Result<Instance> instance_from_json(const Definition& def, const json& state) {
  Fields f(state, Code::FlowBadState, "state.");
  if (!state.is_object()) return Status(Code::FlowBadState, "state must be a JSON object", json{{"field", "state"}});
  Instance inst;
  MEDINS_ASSIGN_OR_RETURN(inst.flow, f.string("flow"));
  MEDINS_ASSIGN_OR_RETURN(inst.version, f.integer("version"));
  MEDINS_ASSIGN_OR_RETURN(inst.digest, f.string("digest"));
  if (inst.flow != def.id || inst.version != def.version || inst.digest != def.digest)
    return Status(Code::FlowDefinitionChanged, "the state belongs to another flow definition; start again",
                  json{{"flow", def.id}, {"version", def.version}});
  MEDINS_ASSIGN_OR_RETURN(inst.current, f.string("current"));
  MEDINS_ASSIGN_OR_RETURN(inst.started_at, f.time("started_at"));
  MEDINS_ASSIGN_OR_RETURN(const json* history, f.array("history"));
  if (history->size() > kMaxHistory) return f.error("history", "is longer than 256 entries");
  for (std::size_t i = 0; i < history->size(); ++i) {
    Fields e((*history)[i], Code::FlowBadState, "state.history[" + std::to_string(i) + "].");
    MEDINS_RETURN_IF_ERROR(e.require_object());
    HistoryEntry h;
    MEDINS_ASSIGN_OR_RETURN(h.step, e.string("step"));
    MEDINS_ASSIGN_OR_RETURN(h.at, e.time("at"));
    MEDINS_ASSIGN_OR_RETURN(auto skipped, e.optional_boolean("skipped"));
    h.skipped = skipped.value_or(false);
    MEDINS_ASSIGN_OR_RETURN(const json* data, e.optional_object("data"));
    if (data) h.data = *data;
    inst.history.push_back(std::move(h));
  }
  // The state lives in app storage; replaying it against the definition means
  // a corrupted or edited state cannot smuggle the patient past a step.
  std::string pos = def.start;
  for (std::size_t i = 0; i <= inst.history.size(); ++i) {
    const std::string& here = i < inst.history.size() ? inst.history[i].step : inst.current;
    if (i > 0) {
      const Step* prev = def.find(pos);
      if (std::find(prev->next.begin(), prev->next.end(), here) == prev->next.end())
        return Status(Code::FlowBadState, "state.history is not a path of the flow", json{{"field", "state.history"}});
    } else if (here != pos) {
      return Status(Code::FlowBadState, "state.history does not begin at the start step", json{{"field", "state.history"}});
    }
    const Step* step = def.find(here);
    if (!step) return Status(Code::FlowBadState, "state names an unknown step", json{{"field", "state.current"}});
    if (i < inst.history.size() && (step->kind == "done" || (inst.history[i].skipped && !step->optional)))
      return Status(Code::FlowBadState, "state.history skips a required step", json{{"field", "state.history"}});
    pos = here;
  }
  return inst;
}

}  // namespace medins::flow
