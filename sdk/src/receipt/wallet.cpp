// The receipt wallet: a stateless core over an opaque JSON state
//   {"v": 1, "head": "<base64url head>", "entries": ["<base64url record>", …]}
// Record i (binary, integers big-endian):
//   version(1)=1 || index(4) || prev(32) || tag(16) || nonce(24) || XChaCha20-Poly1305(token)
// with the first 53 bytes (behind a domain string) as associated data, so the
// index, the link to the previous record and the duplicate tag are all
// authenticated by the entry's own key. prev is BLAKE2b-256 of record i-1
// (zeros for record 0): deleting, reordering or replacing a record breaks
// the link of the next one. The head, signed by the device key, commits to
// the last record and the count; its counter grows by one per add, so an app
// that remembers the last counter it saw detects a rollback to an older head.
// Adding checks only what the new head vouches for directly (the old head,
// the last record, the tags in the clear headers), so its cost does not grow
// with the wallet; verify/list/get/export/summary check the whole chain.
#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <set>

#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"
#include "identity/device_key.hpp"
#include "receipt/internal.hpp"

namespace medins::receipt {
namespace {

using json = nlohmann::json;
using Hash = std::array<std::uint8_t, 32>;

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kIndexAt = 1, kPrevAt = 5, kTagAt = 37, kHeaderBytes = 53;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kMacBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kMinRecordBytes = kHeaderBytes + kNonceBytes + kMacBytes + 1;
// Head: version(1) || counter(8) || count(4) || last(32) || Ed25519 signature(64).
constexpr std::size_t kHeadSigned = 1 + 8 + 4 + 32, kHeadBytes = kHeadSigned + 64;
constexpr std::string_view kEntryDomain = "medins.wallet.entry.v1";
constexpr std::string_view kHeadDomain = "medins.wallet.head.v1";
// crypto_kdf context and subkey ids: the wallet's keys are never the device
// key itself, and each has one job. Subkey 2 keyed the tags of records written
// before tags named the signing key (hospital ‖ 0 ‖ invoice); such records stay
// valid and are still recognised as duplicates (see is_duplicate).
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "mdwallet";
constexpr std::uint64_t kEncSubkey = 1, kLegacyTagSubkey = 2, kTagSubkey = 3;

Hash hash_of(const std::vector<std::uint8_t>& record) {
  Hash h{};
  crypto_generichash(h.data(), h.size(), record.data(), record.size(), nullptr, 0);
  return h;
}

Status bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::WalletBadInput, field, what);
}

// The device's keys for one call: derived subkeys wiped on destruction.
struct WalletKeys {
  keys::SecretKey device;
  internal::SecretBytes enc{crypto_aead_xchacha20poly1305_ietf_KEYBYTES};
  internal::SecretBytes tag{crypto_generichash_KEYBYTES};
  internal::SecretBytes legacy_tag{crypto_generichash_KEYBYTES};

  explicit WalletKeys(keys::SecretKey key) : device(std::move(key)) {
    crypto_kdf_derive_from_key(enc.data(), enc.size(), kEncSubkey, kKdfContext, device.bytes.data());
    crypto_kdf_derive_from_key(tag.data(), tag.size(), kTagSubkey, kKdfContext, device.bytes.data());
    crypto_kdf_derive_from_key(legacy_tag.data(), legacy_tag.size(), kLegacyTagSubkey, kKdfContext,
                               device.bytes.data());
  }
  const std::uint8_t* public_key() const { return device.bytes.data() + keys::kSeedBytes; }
};

using Tag = std::array<std::uint8_t, kTagBytes>;

const std::string& text_of(const json& receipt, const char* name) {
  return receipt.find(name)->get_ref<const std::string&>();
}

// Keyed, so storage reveals nothing of hospital or invoice, only that two
// entries would collide, which add refuses anyway. The signing key's id is in
// it, so no other key can take a hospital's invoice numbers first, and every
// part is length-prefixed: hospital and invoice may hold any byte, NUL too.
Tag dedupe_tag(const WalletKeys& k, std::string_view kid, const json& receipt) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, k.tag.data(), k.tag.size(), kTagBytes);
  for (std::string_view part : {kid, std::string_view(text_of(receipt, "hospital")),
                                std::string_view(text_of(receipt, "invoice"))}) {
    std::uint8_t length[4];
    internal::put_be(length, part.size(), 4);
    crypto_generichash_update(&st, length, sizeof length);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  }
  Tag tag{};
  crypto_generichash_final(&st, tag.data(), tag.size());
  return tag;
}

// The tag records written before dedupe_tag carry (hospital ‖ 0 ‖ invoice).
Tag legacy_tag(const WalletKeys& k, const json& receipt) {
  const std::string id = text_of(receipt, "hospital") + '\0' + text_of(receipt, "invoice");
  Tag tag{};
  crypto_generichash(tag.data(), tag.size(), reinterpret_cast<const unsigned char*>(id.data()), id.size(),
                     k.legacy_tag.data(), k.legacy_tag.size());
  return tag;
}

std::string entry_ad(const std::uint8_t* header) {
  std::string ad(kEntryDomain);
  ad.append(reinterpret_cast<const char*>(header), kHeaderBytes);
  return ad;
}

bool decrypt(const WalletKeys& k, const std::vector<std::uint8_t>& rec, std::string& token) {
  const std::string ad = entry_ad(rec.data());
  const std::uint8_t* nonce = rec.data() + kHeaderBytes;
  const std::size_t c_len = rec.size() - kHeaderBytes - kNonceBytes;
  token.assign(c_len - kMacBytes, '\0');
  unsigned long long len = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(
             reinterpret_cast<unsigned char*>(token.data()), &len, nullptr, nonce + kNonceBytes, c_len,
             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce, k.enc.data()) == 0;
}

std::string head_message(const std::uint8_t* head) {
  std::string m(kHeadDomain);
  m.append(reinterpret_cast<const char*>(head), kHeadSigned);
  return m;
}

// A head whose signature is the device's.
struct Head {
  std::uint64_t counter = 0;
  std::size_t count = 0;
  Hash last{};
};

std::optional<Head> read_head(std::string_view text, const WalletKeys& k) {
  std::uint8_t head[kHeadBytes];
  if (!internal::base64url_decode_exact(text, head, kHeadBytes) || head[0] != kVersion) return std::nullopt;
  const std::string msg = head_message(head);
  if (crypto_sign_verify_detached(head + kHeadSigned, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                  k.public_key()) != 0)
    return std::nullopt;
  Head h;
  h.counter = internal::get_be(head + 1, 8);
  h.count = static_cast<std::size_t>(internal::get_be(head + 9, 4));
  std::memcpy(h.last.data(), head + 13, h.last.size());
  return h;
}

// The wallet's shape, checked before anything is decoded.
struct State {
  const json* head = nullptr;
  const json* entries = nullptr;
};

Result<State> read_state(const json& wallet) {
  if (!wallet.is_object()) return bad("wallet", "must be a wallet object");
  auto v = wallet.find("v");
  if (v == wallet.end() || !v->is_number_integer() || v->get<std::int64_t>() != 1)
    return bad("wallet.v", "must be 1 (the only wallet format)");
  auto head = wallet.find("head");
  auto entries = wallet.find("entries");
  if (head == wallet.end() || !head->is_string()) return bad("wallet.head", "must be a string");
  if (entries == wallet.end() || !entries->is_array()) return bad("wallet.entries", "must be an array");
  if (entries->size() > kMaxWalletEntries) return bad("wallet.entries", "holds more than 100000 entries");
  for (const json& e : *entries)
    if (!e.is_string()) return bad("wallet.entries", "must hold strings");
  return State{&*head, &*entries};
}

// What one pass over a wallet found. Tokens are filled for the
// verified entries when the caller wants them.
struct Scan {
  WalletReport report;
  Hash last{};
  std::vector<std::string> tokens;
};

Scan scan(const State& state, const WalletKeys& k, std::optional<std::uint64_t> min_counter, bool keep) {
  Scan s;
  WalletReport& r = s.report;
  const json& entries = *state.entries;
  const std::size_t n = entries.size();
  r.count = n;
  auto fail = [&](std::optional<std::size_t> entry, const char* problem) {
    r.valid = false;
    r.entry = entry;
    r.problem = problem;
    return s;
  };
  std::vector<std::vector<std::uint8_t>> records(n);
  std::vector<std::int64_t> claimed(n, -1);
  for (std::size_t p = 0; p < n; ++p) {
    auto bytes = internal::base64url_decode(entries[p].get_ref<const std::string&>());
    if (bytes && bytes->size() >= kMinRecordBytes && (*bytes)[0] == kVersion) {
      records[p] = std::move(*bytes);
      claimed[p] = static_cast<std::int64_t>(internal::get_be(records[p].data() + kIndexAt, 4));
    }
  }
  // The head is read first so the report carries its counter whatever fails.
  const std::optional<Head> head = read_head(state.head->get_ref<const std::string&>(), k);
  const bool head_ok = head.has_value();
  if (head_ok) r.counter = head->counter;
  Hash chain{};  // zeros before record 0
  std::set<Tag> seen_tags;
  std::string token;
  for (std::size_t p = 0; p < n; ++p) {
    const auto& rec = records[p];
    // An entry that does not decrypt under its own header was altered (or is
    // garbage): the header is authenticated, so this holds even if its index
    // or link bytes were the ones changed.
    if (rec.empty() || !decrypt(k, rec, token)) {
      // Neither the head nor the first entry is this key's: another device's
      // wallet (or nothing of a wallet at all), not an edit.
      if (p == 0 && !head_ok) return fail(std::nullopt, "head_invalid");
      return fail(p, "edited");
    }
    const auto j = claimed[p];
    if (j != static_cast<std::int64_t>(p)) {
      const bool p_elsewhere = std::find(claimed.begin(), claimed.end(), static_cast<std::int64_t>(p)) != claimed.end();
      if (p_elsewhere) return fail(p, "swapped");
      return fail(p, j > static_cast<std::int64_t>(p) ? "deleted" : "duplicated");
    }
    // Authentic, in place, but linked to another predecessor: the record
    // before it was replaced by an authentic one from another copy.
    if (sodium_memcmp(rec.data() + kPrevAt, chain.data(), chain.size()) != 0)
      return fail(p == 0 ? 0 : p - 1, "edited");
    chain = hash_of(rec);
    // A second entry for one hospital's invoice, authentic and in place: an
    // append whose caller's tag index missed the first (docs/security.md).
    Tag tag{};
    std::memcpy(tag.data(), rec.data() + kTagAt, kTagBytes);
    if (!seen_tags.insert(tag).second) return fail(p, "duplicated");
    if (keep) s.tokens.push_back(token);
  }
  internal::wipe(token);
  s.last = chain;
  if (!head_ok) return fail(std::nullopt, "head_invalid");
  // More entries than the signed head covers: the head is older than the
  // entries, i.e. it was rolled back. Fewer: trailing entries were deleted.
  if (head->count < n) return fail(head->count, "rolled_back");
  if (head->count > n) return fail(n, "deleted");
  if (n > 0 && sodium_memcmp(head->last.data(), chain.data(), chain.size()) != 0) return fail(n - 1, "edited");
  if (min_counter && r.counter < *min_counter) return fail(head->count, "rolled_back");
  r.valid = true;
  return s;
}

// The error a broken wallet gives outside wallet.verify.
Status refusal(const WalletReport& r, std::optional<std::uint64_t> min_counter) {
  json detail{{"problem", r.problem}};
  detail["entry"] = r.entry ? json(*r.entry) : json(nullptr);
  if (r.problem == "rolled_back" && min_counter && r.counter < *min_counter)
    return Status(Code::WalletRolledBack, "the wallet's head is older than the last one seen", std::move(detail));
  return Status(Code::WalletInvalid, "the wallet does not verify; run wallet.verify for the details",
                std::move(detail));
}

// The opened wallet, or the error a broken one gives outside wallet.verify.
Result<Scan> open_wallet(const json& wallet, const WalletKeys& k, std::optional<std::uint64_t> min_counter) {
  MEDINS_ASSIGN_OR_RETURN(State state, read_state(wallet));
  Scan s = scan(state, k, min_counter, true);
  if (!s.report.valid) return refusal(s.report, min_counter);
  return s;
}

// The tag in `record`'s clear header, or nothing if the header does not
// decode. Only the header is decoded: the tag is authenticated by the
// record's AEAD, which wallet.verify checks.
std::optional<Tag> clear_tag(std::string_view record) {
  constexpr std::size_t kHeaderChars = (kHeaderBytes + 2) / 3 * 4;
  std::uint8_t header[kHeaderChars / 4 * 3];
  if (record.size() < kHeaderChars ||
      !internal::base64url_decode_exact(record.substr(0, kHeaderChars), header, sizeof header))
    return std::nullopt;
  Tag tag{};
  std::memcpy(tag.data(), header + kTagAt, kTagBytes);
  return tag;
}

// What an append checks before the new head vouches for the wallet: the old
// head is the device's and not older than `min_counter`, it covers `n`
// entries (with the append form, the index the last record claims, plus one),
// and `last` is the record it names. Nothing before `last` is read: the chain
// behind it is what the old head vouched for, and wallet.verify checks it.
Result<Head> check_tail(std::string_view head_text, std::optional<std::size_t> n, std::string_view last,
                        const WalletKeys& k, std::optional<std::uint64_t> min_counter) {
  WalletReport r;
  auto refuse = [&](std::optional<std::size_t> entry, const char* problem) {
    r.entry = entry;
    r.problem = problem;
    return refusal(r, min_counter);
  };
  const std::optional<Head> head = read_head(head_text, k);
  if (!head) return refuse(std::nullopt, "head_invalid");
  r.counter = head->counter;
  if (min_counter && head->counter < *min_counter) return refuse(head->count, "rolled_back");
  if (!n && head->count > 0 && last.empty()) return bad("last", "the wallet's last record is required with head");
  std::optional<std::vector<std::uint8_t>> rec;
  if (!last.empty()) rec = internal::base64url_decode(last);
  const bool readable = rec && rec->size() >= kMinRecordBytes && (*rec)[0] == kVersion;
  if (!n) n = readable ? static_cast<std::size_t>(internal::get_be(rec->data() + kIndexAt, 4)) + 1 : head->count;
  // As in scan(): more entries than the head covers means an older head.
  if (head->count < *n) return refuse(head->count, "rolled_back");
  if (head->count > *n) return refuse(*n, "deleted");
  if (*n == 0) return *head;
  if (!readable || internal::get_be(rec->data() + kIndexAt, 4) != *n - 1 ||
      sodium_memcmp(hash_of(*rec).data(), head->last.data(), head->last.size()) != 0)
    return refuse(*n - 1, "edited");
  return *head;
}

Status duplicate(std::size_t entry) {
  return Status(Code::WalletDuplicate, "the wallet already holds this hospital's invoice", json{{"entry", entry}});
}

Result<WalletKeys> wallet_keys(const Opener& opener) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, detail::opener_key(opener, Code::WalletBadInput));
  return WalletKeys(std::move(key));
}

Result<WalletEntry> entry_of(const Scan& s, std::size_t index) {
  WalletEntry e;
  e.index = index;
  e.token = s.tokens[index];
  // Authenticated by the wallet key, and verified against its issuer when it
  // was added; a parse failure here means a bug, not an attack.
  if (!detail::read_token_unverified(e.token, e.receipt, e.issuer) ||
      !detail::check_fields(e.receipt, Code::WalletInvalid).ok())
    return Status(Code::WalletInvalid, "an entry holds no readable receipt", json{{"entry", index}});
  return e;
}

// Whether `record` already holds `opened`'s invoice: its clear tag is `tag`,
// or it is `legacy` (hospital ‖ 0 ‖ invoice, written before tags named the
// signing key) and the record's token has the same key, hospital and invoice.
// A legacy tag is keyless and NUL-joined, so the token decides; only a record
// whose clear tag is the legacy one is decrypted, so adds stay constant-cost.
bool holds_invoice(const WalletKeys& k, std::string_view record, const Tag& tag, const Tag& legacy,
                   const Opened& opened) {
  const std::optional<Tag> found = clear_tag(record);
  if (!found) return false;
  if (sodium_memcmp(found->data(), tag.data(), kTagBytes) == 0) return true;
  if (sodium_memcmp(found->data(), legacy.data(), kTagBytes) != 0) return false;
  auto rec = internal::base64url_decode(record);
  std::string token;
  if (!rec || rec->size() < kMinRecordBytes || !decrypt(k, *rec, token)) return false;
  json receipt;
  std::string kid;
  const bool same = detail::read_token_unverified(token, receipt, kid) && kid == opened.issuer &&
                    detail::check_fields(receipt, Code::WalletInvalid).ok() &&
                    text_of(receipt, "hospital") == text_of(opened.receipt, "hospital") &&
                    text_of(receipt, "invoice") == text_of(opened.receipt, "invoice");
  internal::wipe(token);
  return same;
}

// Record `after`->count (0 for a new wallet) linked to the last one, holding
// `opened`'s token, under a new head one counter past `after`'s.
Result<WalletAppended> append_record(const WalletKeys& k, const std::optional<Head>& after, Opened opened,
                                     const Tag& tag, const Tag& legacy, Random& random) {
  const std::size_t n = after ? after->count : 0;
  const Hash prev = after ? after->last : Hash{};
  const std::string& token = opened.token;
  std::vector<std::uint8_t> rec(kHeaderBytes + kNonceBytes + token.size() + kMacBytes);
  rec[0] = kVersion;
  internal::put_be(rec.data() + kIndexAt, n, 4);
  std::memcpy(rec.data() + kPrevAt, prev.data(), prev.size());
  std::memcpy(rec.data() + kTagAt, tag.data(), kTagBytes);
  if (!random.fill(rec.data() + kHeaderBytes, kNonceBytes))
    return Status(Code::WalletNoEntropy, "no secure randomness available");
  const std::string ad = entry_ad(rec.data());
  unsigned long long c_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(rec.data() + kHeaderBytes + kNonceBytes, &c_len,
                                             reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             rec.data() + kHeaderBytes, k.enc.data());
  const Hash last = hash_of(rec);
  const std::uint64_t counter = after ? after->counter + 1 : 1;
  std::uint8_t head[kHeadBytes];
  head[0] = kVersion;
  internal::put_be(head + 1, counter, 8);
  internal::put_be(head + 9, n + 1, 4);
  std::memcpy(head + 13, last.data(), last.size());
  const std::string msg = head_message(head);
  crypto_sign_detached(head + kHeadSigned, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       k.device.bytes.data());

  WalletAppended out;
  out.head = internal::base64url_encode(std::span<const std::uint8_t>(head, kHeadBytes));
  out.record = internal::base64url_encode(rec);
  out.tag = internal::base64url_encode(std::span<const std::uint8_t>(tag.data(), tag.size()));
  out.legacy_tag = internal::base64url_encode(std::span<const std::uint8_t>(legacy.data(), legacy.size()));
  out.entry = WalletEntry{n, std::move(opened.receipt), std::move(opened.issuer), std::move(opened.token)};
  out.counter = counter;
  return out;
}

}  // namespace

Result<WalletAdded> wallet_add(const json& wallet, std::string_view sealed, const Opener& opener,
                               const std::vector<TrustedIssuer>& issuers, std::optional<std::uint64_t> min_counter,
                               Random& random) {
  MEDINS_ASSIGN_OR_RETURN(WalletKeys k, wallet_keys(opener));
  std::optional<Head> head;  // none for a new wallet
  const json* entries = nullptr;
  if (!wallet.is_null()) {
    MEDINS_ASSIGN_OR_RETURN(State state, read_state(wallet));
    entries = state.entries;
    const std::size_t n = entries->size();
    if (n >= kMaxWalletEntries) return Status(Code::WalletFull, "the wallet holds 100000 entries");
    MEDINS_ASSIGN_OR_RETURN(head, check_tail(state.head->get_ref<const std::string&>(), n,
                                             n > 0 ? entries->back().get_ref<const std::string&>() : "", k,
                                             min_counter));
  } else if (min_counter && *min_counter > 0) {
    // A wallet that is gone after a head was seen was rolled back to nothing.
    return Status(Code::WalletRolledBack, "the wallet is empty but a head was seen before",
                  json{{"problem", "rolled_back"}, {"entry", 0}});
  }
  MEDINS_ASSIGN_OR_RETURN(Opened opened, detail::open_with_key(sealed, k.device, issuers));
  const Tag tag = dedupe_tag(k, opened.issuer, opened.receipt);
  const Tag legacy = legacy_tag(k, opened.receipt);
  if (entries)
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const std::string& record = (*entries)[i].get_ref<const std::string&>();
      if (holds_invoice(k, record, tag, legacy, opened)) return duplicate(i);
    }
  MEDINS_ASSIGN_OR_RETURN(WalletAppended appended, append_record(k, head, std::move(opened), tag, legacy, random));
  WalletAdded out;
  static_cast<WalletAppended&>(out) = std::move(appended);
  json list = entries ? *entries : json::array();
  list.push_back(out.record);
  out.wallet = json{{"v", 1}, {"head", out.head}, {"entries", std::move(list)}};
  return out;
}

Result<WalletAppended> wallet_append(const WalletTail& tail, std::string_view sealed, const Opener& opener,
                                     const std::vector<TrustedIssuer>& issuers,
                                     std::optional<std::uint64_t> min_counter, Random& random) {
  MEDINS_ASSIGN_OR_RETURN(WalletKeys k, wallet_keys(opener));
  MEDINS_ASSIGN_OR_RETURN(Head head, check_tail(tail.head, std::nullopt, tail.last, k, min_counter));
  if (head.count >= kMaxWalletEntries) return Status(Code::WalletFull, "the wallet holds 100000 entries");
  MEDINS_ASSIGN_OR_RETURN(Opened opened, detail::open_with_key(sealed, k.device, issuers));
  const Tag tag = dedupe_tag(k, opened.issuer, opened.receipt);
  const Tag legacy = legacy_tag(k, opened.receipt);
  // The one duplicate this form can see (a retried add); the caller's tag
  // index finds the others.
  if (head.count > 0 && holds_invoice(k, tail.last, tag, legacy, opened)) return duplicate(head.count - 1);
  return append_record(k, head, std::move(opened), tag, legacy, random);
}

Result<std::vector<WalletEntry>> wallet_list(const json& wallet, const Opener& opener, const WalletFilter& filter,
                                             std::optional<std::uint64_t> min_counter) {
  MEDINS_ASSIGN_OR_RETURN(WalletKeys k, wallet_keys(opener));
  MEDINS_ASSIGN_OR_RETURN(Scan s, open_wallet(wallet, k, min_counter));
  std::vector<WalletEntry> out;
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    MEDINS_ASSIGN_OR_RETURN(WalletEntry e, entry_of(s, i));
    // Dates are YYYY-MM-DD, so string order is date order.
    const std::string& date = e.receipt.find("visit_date")->get_ref<const std::string&>();
    const std::int64_t total = e.receipt.find("total")->get<std::int64_t>();
    if (filter.from && date < *filter.from) continue;
    if (filter.to && date > *filter.to) continue;
    if (filter.hospital && e.receipt.find("hospital")->get_ref<const std::string&>() != *filter.hospital) continue;
    if (filter.min_total && total < *filter.min_total) continue;
    if (filter.max_total && total > *filter.max_total) continue;
    out.push_back(std::move(e));
  }
  return out;
}

Result<WalletEntry> wallet_get(const json& wallet, const Opener& opener, std::size_t index,
                               std::optional<std::uint64_t> min_counter) {
  MEDINS_ASSIGN_OR_RETURN(WalletKeys k, wallet_keys(opener));
  MEDINS_ASSIGN_OR_RETURN(Scan s, open_wallet(wallet, k, min_counter));
  if (index >= s.tokens.size())
    return Status(Code::WalletNotFound, "the wallet has no entry " + std::to_string(index),
                  json{{"count", s.tokens.size()}});
  return entry_of(s, index);
}

Result<WalletReport> wallet_verify(const json& wallet, const Opener& opener, std::optional<std::uint64_t> min_counter) {
  MEDINS_ASSIGN_OR_RETURN(WalletKeys k, wallet_keys(opener));
  MEDINS_ASSIGN_OR_RETURN(State state, read_state(wallet));
  return scan(state, k, min_counter, false).report;
}

Result<std::string> wallet_export(const json& wallet, const Opener& opener, std::size_t index,
                                  std::string_view recipient, std::optional<std::uint64_t> min_counter,
                                  Random& random) {
  MEDINS_ASSIGN_OR_RETURN(keys::PublicKey to, keys::require_public(recipient));
  MEDINS_ASSIGN_OR_RETURN(WalletEntry e, wallet_get(wallet, opener, index, min_counter));
  // The hospital's own signed token is re-sealed, untouched: the third party
  // verifies the hospital's signature, not the patient's word.
  MEDINS_ASSIGN_OR_RETURN(auto sealed, detail::seal(e.token, to, random, Code::WalletNoEntropy));
  return internal::base64url_encode(sealed);
}

Result<std::vector<YearTotals>> wallet_summary(const json& wallet, const Opener& opener,
                                               std::optional<std::uint64_t> min_counter) {
  MEDINS_ASSIGN_OR_RETURN(std::vector<WalletEntry> all, wallet_list(wallet, opener, {}, min_counter));
  std::map<int, YearTotals> years;
  for (const WalletEntry& e : all) {
    YearTotals& y = years[detail::visit_year(e.receipt)];
    y.year = detail::visit_year(e.receipt);
    y.count += 1;
    // Amounts go up to 2^53 and entries to 100000: sums may pass 2^63, so checked.
    bool overflow = false;
    for (auto [field, sum] : {std::pair{"total", &y.total}, {"fund", &y.fund}, {"account", &y.account}, {"cash", &y.cash}})
      overflow |= __builtin_add_overflow(*sum, e.receipt.find(field)->get<std::int64_t>(), sum);
    if (overflow) return Status(Code::WalletInvalid, "a year's totals overflow 64-bit fen", json{{"year", y.year}});
  }
  std::vector<YearTotals> out;
  for (auto& [year, totals] : years) out.push_back(totals);
  return out;
}

namespace detail {

Result<keys::SecretKey> opener_key(const Opener& opener, Code bad_input) {
  // A session's key stands for device_key and its unlock (open_device).
  const bool device = !opener.device_key.empty() || !opener.unlock.session_key.empty();
  if (opener.secret_key.empty() != device)
    return Status(bad_input, "key: give exactly one of key (k4.secret), device_key and session", json{{"field", "key"}});
  if (!opener.secret_key.empty()) return keys::require_secret(opener.secret_key);
  return identity::open_device(opener.device_key, opener.unlock);
}

}  // namespace detail

}  // namespace medins::receipt
