// Receipts and the receipt wallet. A hospital signs a receipt (RFC 8785
// canonical JSON, PASETO v4.public with a kid footer) and seals it to the
// patient's device key (X25519 sealed box); only that device opens it and
// keeps it in a wallet: entries encrypted under a key derived from the device
// key, hash-chained, under a head the device signs with a counter. The core is
// stateless: the wallet is a JSON value the caller stores and passes back.
// Every function mirrors an op of the table (receipt.*, wallet.*).
#ifndef MEDINS_RECEIPT_HPP
#define MEDINS_RECEIPT_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medins/env.hpp"
#include "medins/identity.hpp"
#include "medins/status.hpp"

namespace medins::receipt {

// Limits on hostile input: a sealed receipt, the canonical receipt, its lines,
// a trusted-issuer list, the wallet's entries.
inline constexpr std::size_t kMaxSealedBytes = 96u * 1024u;
inline constexpr std::size_t kMaxReceiptBytes = 64u * 1024u;
inline constexpr std::size_t kMaxLines = 1000;
inline constexpr std::size_t kMaxIssuers = 64;
inline constexpr std::size_t kMaxWalletEntries = 100000;

// The key that opens sealed receipts and the wallet: either a raw
// "k4.secret.…" (servers, insurers, tests) or a wrapped device blob
// ("medins.device.v1.…") with the PIN or platform key that unwraps it, or
// the key of a device.unlock session (unlock.session_key, no device_key).
// Exactly one of secret_key and the device forms is given. The caller wipes.
struct Opener {
  std::string secret_key;
  std::string device_key;
  identity::DeviceSecret unlock;  // with device_key: its PIN or platform key
};

// Returns the base64url sealed box of `receipt` (validated, issued_at filled
// from `now_unix_s` when absent) signed by `hospital_key` ("k4.secret.…") and
// sealed to `recipient` ("k4.public.…"); fails with receipt.bad_input,
// receipt.inconsistent, receipt.no_entropy or keys.* for a bad key.
Result<std::string> issue(const nlohmann::json& receipt, std::string_view hospital_key,
                          std::string_view recipient, std::int64_t now_unix_s, Random& random);

// A hospital key trusted to sign receipts, bound to the one hospital id it
// signs for: a receipt naming another hospital is refused. A key that signs
// for several hospitals (one billing system for a group) is listed once per
// hospital.
struct TrustedIssuer {
  std::string key;       // "k4.public.…"
  std::string hospital;  // the receipt's `hospital`, 1 to 256 bytes
};

struct Opened {
  nlohmann::json receipt;  // the signed receipt object
  std::string issuer;      // k4.pid of the hospital key that signed it
  std::string token;       // the signed v4.public token, for re-sealing
};

// Returns the receipt in `sealed` if it was sealed to the opener's key and
// signed by one of `issuers` for the hospital it names; fails with
// receipt.invalid (not for this key, altered, not a receipt: one code),
// receipt.unknown_issuer, receipt.wrong_hospital, receipt.inconsistent,
// receipt.bad_input, or the device.* codes of unwrapping.
Result<Opened> open(std::string_view sealed, const Opener& opener, const std::vector<TrustedIssuer>& issuers);

// ---- The wallet ----

struct WalletEntry {
  std::size_t index = 0;
  nlohmann::json receipt;
  std::string issuer;  // k4.pid
  std::string token;
};

// What an add produces besides the wallet: enough for a store that keeps
// records one by one to append without rewriting what it holds.
struct WalletAppended {
  std::string head;    // the new signed head (base64url)
  std::string record;  // the new record (base64url), stored after the others
  std::string tag;     // its duplicate tag (base64url), as in the record's header
  // The tag a record of the same invoice carries if it was written before
  // tags named the signing key: a caller that looks duplicates up itself
  // must ask the core (the whole-wallet add) about a record carrying it.
  std::string legacy_tag;
  WalletEntry entry;
  std::uint64_t counter = 0;  // the new head counter: remember it
};

struct WalletAdded : WalletAppended {
  nlohmann::json wallet;  // the new state to store (replaces the old one)
};

// The part of a stored wallet an append reads: the signed head and the last
// record (the one the head names).
struct WalletTail {
  std::string head;
  std::string last;
};

// `min_counter` everywhere below is the last head counter the app saw: a
// wallet whose signed head is older fails with wallet.rolled_back.

// Returns `wallet` (null for a new wallet) with the receipt in `sealed`
// appended under a new signed head; fails with the codes of open(),
// wallet.bad_input, wallet.invalid (the head or last record is wrong),
// wallet.rolled_back, wallet.duplicate (same signing key, hospital and
// invoice), wallet.full or wallet.no_entropy. Only the head, the last record
// and the entries' clear duplicate tags are decoded, not the chain: a wallet
// broken before its last record is extended, and wallet.verify still names the break.
Result<WalletAdded> wallet_add(const nlohmann::json& wallet, std::string_view sealed, const Opener& opener,
                               const std::vector<TrustedIssuer>& issuers, std::optional<std::uint64_t> min_counter,
                               Random& random);

// wallet_add for a wallet held record by record: checks `tail` as wallet_add
// checks the head and last record, and refuses a duplicate of the last
// record only; the caller looks `tag` up in its own index of tags and drops
// the result on a hit. Same errors as wallet_add, plus wallet.bad_input when
// `last` is missing under a head that counts entries.
Result<WalletAppended> wallet_append(const WalletTail& tail, std::string_view sealed, const Opener& opener,
                                     const std::vector<TrustedIssuer>& issuers,
                                     std::optional<std::uint64_t> min_counter, Random& random);

struct WalletFilter {
  std::optional<std::string> from;      // visit_date ≥ from ("YYYY-MM-DD")
  std::optional<std::string> to;        // visit_date ≤ to
  std::optional<std::string> hospital;  // exact hospital id
  std::optional<std::int64_t> min_total;
  std::optional<std::int64_t> max_total;
};

// Returns the entries matching `filter` in wallet order after verifying the
// whole wallet; fails with wallet.invalid, wallet.rolled_back, wallet.bad_input.
Result<std::vector<WalletEntry>> wallet_list(const nlohmann::json& wallet, const Opener& opener,
                                             const WalletFilter& filter, std::optional<std::uint64_t> min_counter);

// Returns entry `index`; wallet.not_found past the end, else as wallet_list.
Result<WalletEntry> wallet_get(const nlohmann::json& wallet, const Opener& opener, std::size_t index,
                               std::optional<std::uint64_t> min_counter);

struct WalletReport {
  bool valid = false;
  std::size_t count = 0;       // entries in the wallet as given
  std::uint64_t counter = 0;   // the head's counter (0 if the head is unreadable)
  std::optional<std::size_t> entry;  // the first wrong entry, when one is to blame
  std::string problem;  // "" | deleted | swapped | duplicated | edited | rolled_back | head_invalid
};

// Returns a report naming the first wrong entry and what happened to it;
// fails only with wallet.bad_input or the device.* codes (a broken wallet is
// a report, not an error).
Result<WalletReport> wallet_verify(const nlohmann::json& wallet, const Opener& opener,
                                   std::optional<std::uint64_t> min_counter);

// Returns entry `index`'s hospital-signed receipt sealed to `recipient`
// ("k4.public.…"), openable with receipt.open; fails as wallet_get, plus
// keys.* for a bad recipient and wallet.no_entropy.
Result<std::string> wallet_export(const nlohmann::json& wallet, const Opener& opener, std::size_t index,
                                  std::string_view recipient, std::optional<std::uint64_t> min_counter,
                                  Random& random);

struct YearTotals {
  int year = 0;
  std::int64_t count = 0, total = 0, fund = 0, account = 0, cash = 0;  // fen
};

// Returns totals per visit-date year, ascending; fails as wallet_list.
Result<std::vector<YearTotals>> wallet_summary(const nlohmann::json& wallet, const Opener& opener,
                                               std::optional<std::uint64_t> min_counter);

}  // namespace medins::receipt

#endif  // MEDINS_RECEIPT_HPP
