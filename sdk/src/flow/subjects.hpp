// The subject types of status events: their states, state machines and the
// message catalog that renders them (docs/status.md shows the same tables).
#ifndef MEDINS_SRC_FLOW_SUBJECTS_HPP
#define MEDINS_SRC_FLOW_SUBJECTS_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "internal/sms.hpp"

namespace medins::flow::detail {

struct SubjectType {
  std::string_view name;
  std::span<const std::string_view> states;
  std::uint16_t initial;                  // bit i: states[i] may open a timeline
  std::span<const std::uint16_t> next;    // next[i], bit j: states[i] -> states[j]
};

// Returns the subject type called `name`, or nullptr.
const SubjectType* find_type(std::string_view name);

// Returns the index of `state` in `type.states`, or -1.
int state_index(const SubjectType& type, std::string_view state);

// Actions a state can ask of the patient (status.due); kNone asks nothing.
enum class Action {
  kNone, kSendDocuments, kRenewProtocol, kUseApproval, kAttend, kCompletePayment, kSendInformation, kAwaitAnswer };

// Returns the action state `state` of `type` asks for, and whether it is due
// even without a date (documents are always awaited).
Action action_of(const SubjectType& type, std::string_view state, bool* without_date);

// Returns the stable name of `action` ("send_documents", …).
std::string_view action_name(Action action);


// What a template may fill in; absent values drop the [optional section]
// that mentions them.
struct Vars {
  std::string id;
  std::optional<std::string> title;
  std::optional<std::int64_t> due, count, amount;
  std::int64_t now = 0;
  std::int64_t tz_offset_min = 0;
  bool sms = false;  // dates without characters GSM-7 lacks (Italian "1º")
};

// Returns the catalog language for a BCP 47 tag ("bg", "zh-CN"); en when unknown.
std::string_view resolve_lang(std::string_view tag);

// The notification texts (flow/messages.def) are found by name: subject is a
// type's name with key one of its states or "title", or "action" with key an
// action_name. Returns the template in catalog language `lang` (en when
// unknown), or nothing when the catalog has no such message.
std::optional<std::string_view> message(std::string_view lang, std::string_view subject, std::string_view key);

// How many messages the catalog holds, and its languages (for its test).
std::size_t message_count();
std::span<const std::string_view> languages();

// Returns message (subject, key) in `lang` with `vars` filled in.
std::string render(std::string_view lang, std::string_view subject, std::string_view key, const Vars& vars);

// Where a notification goes: the app (title and body as they are), an SMS
// (at most 2 segments) or Viber (at most 1,000 UTF-16 code units).
enum class Channel { kApp, kSms, kViber };
constexpr std::size_t kSmsMaxSegments = 2;
constexpr std::size_t kViberMaxLength = 1000;

// Returns the channel called `name` ("app", "sms", "viber"), or nothing.
std::optional<Channel> channel_named(std::string_view name);

struct ChannelText {
  std::string text;
  internal::SmsSize sms{};  // the SMS encoding and size (kSms only)
  bool shortened = false;   // the title, then the id, was cut to fit
};

// Returns message (subject, key) as sent on `channel` (not kApp): on SMS its
// short form ("sms:" + key) when the catalog has one in `lang`, on Viber
// headed by the subject's title. When it exceeds the channel's limit the
// title is cut to the longest prefix that fits, ending in "...", or dropped
// with its [section]; then likewise the id. The test of the catalog checks
// that the texts themselves always fit.
ChannelText render_for(Channel channel, std::string_view lang, std::string_view subject, std::string_view key,
                       Vars vars);

}  // namespace medins::flow::detail

#endif  // MEDINS_SRC_FLOW_SUBJECTS_HPP
