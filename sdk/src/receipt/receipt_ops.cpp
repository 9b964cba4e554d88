// receipt.* and wallet.*: the JSON face of medins/receipt.hpp.
#include "receipt/inputs.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/receipt.hpp"

namespace medins {
namespace receipt {

using internal::Fields;

// {"key": "k4.secret.…"}, or the device key as every op reads it
// (identity::read_device_key): a session, or device_key with unlock.
Status read_opener(const Fields& fields, Context& ctx, ScopedOpener& out) {
  MEDINS_ASSIGN_OR_RETURN(auto key, fields.optional_string("key"));
  if (!key) return identity::read_device_key(fields, ctx.now_unix_s(), identity::DeviceKeyNames::kCurrent,
                                             out.opener.device_key, out.opener.unlock);
  out.opener.secret_key = std::move(*key);
  internal::wipe(*key);
  for (std::string_view name : {"device_key", "session"})
    if (fields.has(name)) return fields.error("key", "give exactly one of key (k4.secret), device_key and session");
  return ok_status();
}

// [{"key": "k4.public.…", "hospital": "…"}], the shape of status.apply's
// {key, iss}, with the binding required: a bare key string trusted for every
// hospital is what let one hospital sign in another's name (docs/receipts.md).
Result<std::vector<TrustedIssuer>> read_issuers(const Fields& fields, Code bad_input) {
  MEDINS_ASSIGN_OR_RETURN(const json* list, fields.array("issuers"));
  std::vector<TrustedIssuer> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "issuers[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object())
      return fields.error(at, "must be {key, hospital}: a bare key would be trusted for every hospital");
    Fields entry((*list)[i], bad_input, at + ".");
    TrustedIssuer t;
    MEDINS_ASSIGN_OR_RETURN(t.key, entry.string("key"));
    MEDINS_ASSIGN_OR_RETURN(t.hospital, entry.string("hospital"));
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

Result<std::optional<std::uint64_t>> read_min_counter(const Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(auto v, fields.optional_integer("min_counter"));
  if (!v) return std::optional<std::uint64_t>();
  if (*v < 0) return fields.error("min_counter", "must be a head counter (0 or more)");
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(*v));
}

Result<std::size_t> read_index(const Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(auto v, fields.integer("index"));
  if (v < 0) return fields.error("index", "must be an entry index (0 or more)");
  return static_cast<std::size_t>(v);
}

Result<const json*> read_wallet(const Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(const json* w, fields.object("wallet"));
  return w;
}

json entry_json(WalletEntry& e, bool with_token) {
  json out{{"index", e.index}, {"receipt", std::move(e.receipt)}, {"issuer", std::move(e.issuer)}};
  if (with_token) out["token"] = std::move(e.token);
  return out;
}

Result<json> op_issue(const json& in, Context& ctx) {
  Fields fields(in, Code::ReceiptBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(const json* receipt, fields.object("receipt"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("hospital_key"));
  internal::SecretString hospital_key(std::move(key));
  MEDINS_ASSIGN_OR_RETURN(std::string recipient, fields.string("recipient"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t now, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, issue(*receipt, hospital_key.str(), recipient, now, ctx.random));
  return json{{"sealed", std::move(sealed)}};
}

Result<json> op_open(const json& in, Context& ctx) {
  Fields fields(in, Code::ReceiptBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, fields.string("sealed"));
  MEDINS_ASSIGN_OR_RETURN(auto issuers, read_issuers(fields, Code::ReceiptBadInput));
  ScopedOpener opener;
  MEDINS_RETURN_IF_ERROR(read_opener(fields, ctx, opener));
  MEDINS_ASSIGN_OR_RETURN(Opened opened, open(sealed, opener.opener, issuers));
  return json{{"receipt", std::move(opened.receipt)}, {"issuer", std::move(opened.issuer)},
              {"token", std::move(opened.token)}};
}

// Two forms: {wallet} (the whole wallet in and out) or {head, last} (a
// store that keeps records one by one passes what the append reads and gets
// the new head and record back).
Result<json> op_wallet_add(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(const json* wallet, fields.optional_object("wallet"));
  MEDINS_ASSIGN_OR_RETURN(auto head, fields.optional_string("head"));
  MEDINS_ASSIGN_OR_RETURN(auto last, fields.optional_string("last"));
  if (head && wallet) return fields.error("head", "give either wallet or head and last, not both");
  if (last && !head) return fields.error("last", "goes with head");
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, fields.string("sealed"));
  MEDINS_ASSIGN_OR_RETURN(auto issuers, read_issuers(fields, Code::WalletBadInput));
  MEDINS_ASSIGN_OR_RETURN(auto min_counter, read_min_counter(fields));
  ScopedOpener opener;
  MEDINS_RETURN_IF_ERROR(read_opener(fields, ctx, opener));
  static const json kNoWallet;
  json out = json::object();
  WalletAppended added;
  if (head) {
    MEDINS_ASSIGN_OR_RETURN(added, wallet_append(WalletTail{std::move(*head), last ? std::move(*last) : ""}, sealed,
                                                 opener.opener, issuers, min_counter, ctx.random));
  } else {
    MEDINS_ASSIGN_OR_RETURN(WalletAdded whole, wallet_add(wallet ? *wallet : kNoWallet, sealed, opener.opener,
                                                          issuers, min_counter, ctx.random));
    out["wallet"] = std::move(whole.wallet);
    added = std::move(whole);
  }
  out.update(entry_json(added.entry, false));
  out["counter"] = added.counter;
  out["head"] = std::move(added.head);
  out["record"] = std::move(added.record);
  out["tag"] = std::move(added.tag);
  out["legacy_tag"] = std::move(added.legacy_tag);
  return out;
}

// What the wallet reading ops share, read after each op's own fields: the
// wallet, min_counter, and last the opener, since opening a PIN device costs
// an Argon2id run that a bad index or filter should not.
struct WalletAccess {
  const json* wallet = nullptr;
  std::optional<std::uint64_t> min_counter;
  ScopedOpener opener;
};

Status read_wallet_access(const Fields& fields, Context& ctx, WalletAccess& out) {
  MEDINS_ASSIGN_OR_RETURN(out.wallet, read_wallet(fields));
  MEDINS_ASSIGN_OR_RETURN(out.min_counter, read_min_counter(fields));
  return read_opener(fields, ctx, out.opener);
}

Result<json> op_wallet_list(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  WalletFilter filter;
  MEDINS_ASSIGN_OR_RETURN(filter.from, fields.optional_string("from"));
  MEDINS_ASSIGN_OR_RETURN(filter.to, fields.optional_string("to"));
  MEDINS_ASSIGN_OR_RETURN(filter.hospital, fields.optional_string("hospital"));
  MEDINS_ASSIGN_OR_RETURN(filter.min_total, fields.optional_integer("min_total"));
  MEDINS_ASSIGN_OR_RETURN(filter.max_total, fields.optional_integer("max_total"));
  // Dates compare as strings, which is only date order for YYYY-MM-DD.
  if (filter.from && filter.from->size() != 10) return fields.error("from", "must be a date YYYY-MM-DD");
  if (filter.to && filter.to->size() != 10) return fields.error("to", "must be a date YYYY-MM-DD");
  WalletAccess access;
  MEDINS_RETURN_IF_ERROR(read_wallet_access(fields, ctx, access));
  MEDINS_ASSIGN_OR_RETURN(auto entries, wallet_list(*access.wallet, access.opener.opener, filter, access.min_counter));
  json list = json::array();
  for (WalletEntry& e : entries) list.push_back(entry_json(e, false));
  return json{{"receipts", std::move(list)}};
}

Result<json> op_wallet_get(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::size_t index, read_index(fields));
  WalletAccess access;
  MEDINS_RETURN_IF_ERROR(read_wallet_access(fields, ctx, access));
  MEDINS_ASSIGN_OR_RETURN(WalletEntry e, wallet_get(*access.wallet, access.opener.opener, index, access.min_counter));
  return entry_json(e, true);
}

Result<json> op_wallet_verify(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  WalletAccess access;
  MEDINS_RETURN_IF_ERROR(read_wallet_access(fields, ctx, access));
  MEDINS_ASSIGN_OR_RETURN(WalletReport r, wallet_verify(*access.wallet, access.opener.opener, access.min_counter));
  return json{{"valid", r.valid},
              {"count", r.count},
              {"counter", r.counter},
              {"entry", r.entry ? json(*r.entry) : json(nullptr)},
              {"problem", r.valid ? json(nullptr) : json(r.problem)}};
}

Result<json> op_wallet_export(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::size_t index, read_index(fields));
  MEDINS_ASSIGN_OR_RETURN(std::string to, fields.string("to"));
  WalletAccess access;
  MEDINS_RETURN_IF_ERROR(read_wallet_access(fields, ctx, access));
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, wallet_export(*access.wallet, access.opener.opener, index, to,
                                                            access.min_counter, ctx.random));
  return json{{"sealed", std::move(sealed)}};
}

Result<json> op_wallet_summary(const json& in, Context& ctx) {
  Fields fields(in, Code::WalletBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  WalletAccess access;
  MEDINS_RETURN_IF_ERROR(read_wallet_access(fields, ctx, access));
  MEDINS_ASSIGN_OR_RETURN(auto years, wallet_summary(*access.wallet, access.opener.opener, access.min_counter));
  json list = json::array();
  for (const YearTotals& y : years)
    list.push_back(json{{"year", y.year}, {"count", y.count}, {"total", y.total}, {"fund", y.fund},
                        {"account", y.account}, {"cash", y.cash}});
  return json{{"years", std::move(list)}};
}

constexpr OpDef kOps[] = {
    {"receipt.issue", &op_issue},           {"receipt.open", &op_open},
    {"wallet.add", &op_wallet_add},         {"wallet.list", &op_wallet_list},
    {"wallet.get", &op_wallet_get},         {"wallet.verify", &op_wallet_verify},
    {"wallet.export", &op_wallet_export},   {"wallet.summary", &op_wallet_summary},
};

}  // namespace
}  // namespace receipt

std::span<const OpDef> receipt_ops() { return receipt::kOps; }

}  // namespace medins
