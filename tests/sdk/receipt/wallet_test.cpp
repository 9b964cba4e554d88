#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "medins/receipt.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

constexpr std::int64_t kNow = 1767225600;

using medins::testing::keypair;

// Receipt i: visits spread over 2025 and 2026, two hospitals, totals growing with i.
json receipt_n(int i) {
  const std::int64_t total = 1000 + 100 * i;
  char date[11];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2025 + (i % 2), 1 + (i % 12), 1 + (i % 28));
  return {{"hospital", i % 3 == 0 ? "bj-h-002" : "bj-h-001"},
          {"invoice", "INV-" + std::to_string(i)},
          {"order_id", "ord-" + std::to_string(i)},
          {"visit_date", date},
          {"lines", {{{"name", "fee"}, {"class", "A"}, {"amount", total}}}},
          {"total", total},
          {"fund", total / 2},
          {"account", total / 4},
          {"cash", total - total / 2 - total / 4}};
}

struct World {
  json hospital = keypair(11);
  json device = keypair(12);
  json insurer = keypair(13);
  // One key signs for both hospitals of receipt_n, so it is listed for each.
  json issuers = json::array({json{{"key", hospital["public"]}, {"hospital", "bj-h-001"}},
                              json{{"key", hospital["public"]}, {"hospital", "bj-h-002"}}});

  std::string sealed(int i) const {
    json out = medins::call("receipt.issue", {{"receipt", receipt_n(i)}, {"hospital_key", hospital["secret"]},
                                              {"recipient", device["public"]}, {"now", kNow}});
    REQUIRE_MESSAGE(out.contains("sealed"), out.dump());
    return out["sealed"];
  }
  json add(const json& wallet, int i) const {
    json in{{"sealed", sealed(i)}, {"key", device["secret"]}, {"issuers", issuers}};
    if (!wallet.is_null()) in["wallet"] = wallet;
    return medins::call("wallet.add", in);
  }
  json build(int n) const {
    json wallet;
    for (int i = 0; i < n; ++i) {
      json out = add(wallet, i);
      REQUIRE_MESSAGE(out.contains("wallet"), out.dump());
      wallet = out["wallet"];
    }
    return wallet;
  }
  // wallet.add's append form: the head and the last record only.
  json append(const json& head, const json& last, int i, std::optional<std::int64_t> min_counter = std::nullopt) const {
    json in{{"head", head}, {"last", last}, {"sealed", sealed(i)}, {"key", device["secret"]}, {"issuers", issuers}};
    if (min_counter) in["min_counter"] = *min_counter;
    return medins::call("wallet.add", in);
  }
  json verify(const json& wallet, std::optional<std::int64_t> min_counter = std::nullopt) const {
    json in{{"wallet", wallet}, {"key", device["secret"]}};
    if (min_counter) in["min_counter"] = *min_counter;
    return medins::call("wallet.verify", in);
  }
  json op(const char* name, json in) const {
    in["key"] = device["secret"];
    return medins::call(name, in);
  }
};

void expect_problem(const json& report, std::int64_t entry, const char* problem) {
  INFO(report.dump());
  CHECK(report["valid"] == false);
  CHECK(report["entry"] == entry);
  CHECK(report["problem"] == problem);
}

std::string flip(const std::string& b64, std::size_t byte) {
  auto bytes = *medins::internal::base64url_decode(b64);
  bytes[byte % bytes.size()] ^= 0x10;
  return medins::internal::base64url_encode(bytes);
}

}  // namespace

TEST_CASE("wallet: add, list with filters, get, summary, export") {
  World w;
  json first = w.add(nullptr, 0);
  REQUIRE_MESSAGE(first.contains("wallet"), first.dump());
  CHECK(first["index"] == 0);
  CHECK(first["counter"] == 1);
  json wallet = w.build(6);
  json report = w.verify(wallet, 6);
  CHECK(report == json{{"valid", true}, {"count", 6}, {"counter", 6}, {"entry", nullptr}, {"problem", nullptr}});

  json all = w.op("wallet.list", {{"wallet", wallet}});
  REQUIRE(all["receipts"].size() == 6);
  CHECK(all["receipts"][4]["receipt"]["invoice"] == "INV-4");
  CHECK(all["receipts"][4]["index"] == 4);
  // Hospital bj-h-002 holds receipts 0 and 3.
  json by_hospital = w.op("wallet.list", {{"wallet", wallet}, {"hospital", "bj-h-002"}});
  REQUIRE(by_hospital["receipts"].size() == 2);
  CHECK(by_hospital["receipts"][1]["index"] == 3);
  // 2026 dates are the odd receipts; totals 1000 + 100 i.
  json in_2026 = w.op("wallet.list", {{"wallet", wallet}, {"from", "2026-01-01"}, {"to", "2026-12-31"}});
  CHECK(in_2026["receipts"].size() == 3);
  json by_amount = w.op("wallet.list", {{"wallet", wallet}, {"min_total", 1200}, {"max_total", 1400}});
  REQUIRE(by_amount["receipts"].size() == 3);
  CHECK(by_amount["receipts"][0]["index"] == 2);

  json got = w.op("wallet.get", {{"wallet", wallet}, {"index", 5}});
  CHECK(got["receipt"]["invoice"] == "INV-5");
  CHECK(got["token"].get<std::string>().rfind("v4.public.", 0) == 0);
  CHECK(error_code(w.op("wallet.get", {{"wallet", wallet}, {"index", 6}})) == "wallet.not_found");

  json summary = w.op("wallet.summary", {{"wallet", wallet}});
  REQUIRE(summary["years"].size() == 2);
  // 2025: receipts 0, 2, 4 (totals 1000, 1200, 1400).
  CHECK(summary["years"][0] == json{{"year", 2025}, {"count", 3}, {"total", 3600}, {"fund", 1800}, {"account", 900},
                                    {"cash", 900}});
  CHECK(summary["years"][1]["year"] == 2026);
  CHECK(summary["years"][1]["total"] == 1100 + 1300 + 1500);

  // Exported to an insurer: it opens with the insurer's key, hospital-signed.
  json exported = w.op("wallet.export", {{"wallet", wallet}, {"index", 2}, {"to", w.insurer["public"]}});
  REQUIRE_MESSAGE(exported.contains("sealed"), exported.dump());
  json opened = medins::call("receipt.open", {{"sealed", exported["sealed"]}, {"key", w.insurer["secret"]},
                                              {"issuers", w.issuers}});
  CHECK(opened["receipt"]["invoice"] == "INV-2");
  // …and not with the patient's own key.
  CHECK(error_code(medins::call("receipt.open", {{"sealed", exported["sealed"]}, {"key", w.device["secret"]},
                                                 {"issuers", w.issuers}})) == "receipt.invalid");
}

TEST_CASE("wallet: the same invoice twice is refused; another device's receipts are refused") {
  World w;
  json wallet = w.build(2);
  CHECK(error_code(w.add(wallet, 1)) == "wallet.duplicate");
  // A receipt sealed to another device does not open with this one.
  json other = keypair(99);
  json sealed = medins::call("receipt.issue", {{"receipt", receipt_n(7)}, {"hospital_key", w.hospital["secret"]},
                                               {"recipient", other["public"]}});
  CHECK(error_code(medins::call("wallet.add", {{"wallet", wallet}, {"sealed", sealed["sealed"]},
                                               {"key", w.device["secret"]}, {"issuers", w.issuers}})) ==
        "receipt.invalid");
  // Another device cannot read or extend this wallet.
  CHECK(error_code(medins::call("wallet.list", {{"wallet", wallet}, {"key", other["secret"]}})) == "wallet.invalid");
}

TEST_CASE("wallet: another trusted hospital cannot take a hospital's invoice numbers first") {
  World w;
  json wallet = w.build(2);  // INV-0 (bj-h-002), INV-1 (bj-h-001)
  json rival = keypair(14);
  json issuers = w.issuers;
  issuers.push_back(json{{"key", rival["public"]}, {"hospital", "rival-h"}});
  auto add = [&](const json& wallet_in, const json& receipt, const json& signer) {
    json sealed = medins::call("receipt.issue", {{"receipt", receipt}, {"hospital_key", signer["secret"]},
                                                 {"recipient", w.device["public"]}, {"now", kNow}});
    return medins::call("wallet.add", {{"wallet", wallet_in}, {"sealed", sealed["sealed"]},
                                       {"key", w.device["secret"]}, {"issuers", issuers}});
  };
  // The rival signs bj-h-001's next invoice before the hospital does: refused.
  CHECK(error_code(add(wallet, receipt_n(2), rival)) == "receipt.wrong_hospital");
  json genuine = add(wallet, receipt_n(2), w.hospital);
  REQUIRE_MESSAGE(genuine.contains("wallet"), genuine.dump());
  CHECK(error_code(add(genuine["wallet"], receipt_n(2), w.hospital)) == "wallet.duplicate");

  // The tag's parts are length-prefixed: hospital "a\0b" with invoice "c" and
  // hospital "a" with invoice "b\0c" are two invoices (one with a NUL separator).
  issuers.push_back(json{{"key", rival["public"]}, {"hospital", std::string("a\0b", 3)}});
  issuers.push_back(json{{"key", rival["public"]}, {"hospital", "a"}});
  json first = receipt_n(3), second = receipt_n(3);
  first["hospital"] = std::string("a\0b", 3);
  first["invoice"] = "c";
  second["hospital"] = "a";
  second["invoice"] = std::string("b\0c", 3);
  json one = add(genuine["wallet"], first, rival);
  REQUIRE_MESSAGE(one.contains("wallet"), one.dump());
  json two = add(one["wallet"], second, rival);
  CHECK_MESSAGE(two.contains("wallet"), two.dump());
}

TEST_CASE("wallet.verify names the entry: deleted, swapped, edited, duplicated, rolled back, head") {
  World w;
  json old_wallet = w.build(4);
  json wallet = w.build(6);
  const json& e = wallet["entries"];

  SUBCASE("deleted in the middle") {
    json t = wallet;
    t["entries"].erase(2);
    expect_problem(w.verify(t), 2, "deleted");
  }
  SUBCASE("deleted at the end") {
    json t = wallet;
    t["entries"].erase(5);
    expect_problem(w.verify(t), 5, "deleted");
  }
  SUBCASE("swapped") {
    json t = wallet;
    std::swap(t["entries"][1], t["entries"][3]);
    expect_problem(w.verify(t), 1, "swapped");
  }
  SUBCASE("duplicated") {
    json t = wallet;
    t["entries"][4] = e[2];
    expect_problem(w.verify(t), 4, "duplicated");
  }
  SUBCASE("edited: a bit anywhere in any entry") {
    for (std::size_t i = 0; i < 6; ++i) {
      for (std::size_t byte : {0u, 1u, 4u, 10u, 40u, 60u, 80u, 200u}) {
        json t = wallet;
        t["entries"][i] = flip(e[i], byte);
        json r = w.verify(t);
        // Flipping the index byte makes the entry look like another one;
        // every other byte is an edit. Either way the entry is named.
        INFO("entry " << i << " byte " << byte << " " << r.dump());
        CHECK(r["valid"] == false);
        CHECK(r["entry"] == i);
        if (byte != 4) CHECK(r["problem"] == "edited");
      }
    }
  }
  SUBCASE("an entry replaced by an authentic one from another copy of the wallet") {
    // Same device, a different receipt at index 3 on the same first three:
    // a fork, as after restoring an old backup and adding to it.
    json s3 = w.build(3);
    json s4 = w.add(s3, 3)["wallet"];
    json s6 = w.add(w.add(s4, 4)["wallet"], 5)["wallet"];
    json fork = w.add(s3, 30)["wallet"];
    json t = s6;
    t["entries"][3] = fork["entries"][3];
    expect_problem(w.verify(t), 3, "edited");
    // The same at the end: the head names another last entry.
    t = s4;
    t["entries"][3] = fork["entries"][3];
    expect_problem(w.verify(t), 3, "edited");
  }
  SUBCASE("rolled back: an older wallet, with the last counter remembered") {
    CHECK(w.verify(old_wallet)["valid"] == true);  // internally consistent…
    expect_problem(w.verify(old_wallet, 6), 4, "rolled_back");  // …but older than the head seen
    CHECK(error_code(w.op("wallet.list", {{"wallet", old_wallet}, {"min_counter", 6}})) == "wallet.rolled_back");
    CHECK(error_code(w.op("wallet.get", {{"wallet", old_wallet}, {"index", 0}, {"min_counter", 6}})) ==
          "wallet.rolled_back");
    json in{{"sealed", w.sealed(9)}, {"key", w.device["secret"]}, {"issuers", w.issuers}, {"min_counter", 1}};
    CHECK(error_code(medins::call("wallet.add", in)) == "wallet.rolled_back");  // gone entirely
  }
  SUBCASE("rolled back: an older head over newer entries") {
    json t = wallet;
    t["head"] = old_wallet["head"];
    expect_problem(w.verify(t), 4, "rolled_back");
  }
  SUBCASE("a forged head") {
    json t = wallet;
    t["head"] = flip(wallet["head"], 3);
    json r = w.verify(t);
    CHECK(r["valid"] == false);
    CHECK(r["entry"] == nullptr);
    CHECK(r["problem"] == "head_invalid");
    CHECK(error_code(w.op("wallet.summary", {{"wallet", t}})) == "wallet.invalid");
    CHECK(error_code(w.add(t, 10)) == "wallet.invalid");
  }
}

TEST_CASE("wallet.add's append form: head and last record in, new head and record out") {
  World w;
  json wallet = w.build(3);
  // The whole form returns the same head and record it puts in the wallet.
  json whole = w.add(wallet, 3);
  REQUIRE_MESSAGE(whole.contains("record"), whole.dump());
  CHECK(whole["head"] == whole["wallet"]["head"]);
  CHECK(whole["record"] == whole["wallet"]["entries"][3]);
  wallet = whole["wallet"];
  // A store holding records one by one appends from the tail alone.
  json entries = wallet["entries"];
  json head = wallet["head"];
  for (int i = 4; i < 8; ++i) {
    json out = w.append(head, entries.back(), i, i);
    REQUIRE_MESSAGE(out.contains("record"), out.dump());
    CHECK(!out.contains("wallet"));
    CHECK(out["index"] == i);
    CHECK(out["counter"] == i + 1);
    CHECK(out["receipt"]["invoice"] == "INV-" + std::to_string(i));
    entries.push_back(out["record"]);
    head = out["head"];
  }
  json stored{{"v", 1}, {"head", head}, {"entries", entries}};
  CHECK(w.verify(stored, 8) == json{{"valid", true}, {"count", 8}, {"counter", 8}, {"entry", nullptr}, {"problem", nullptr}});
  // The tag is the one in the record's clear header (bytes 37..52).
  json out = w.append(head, entries.back(), 8);
  auto record = *medins::internal::base64url_decode(out["record"].get<std::string>());
  auto tag = *medins::internal::base64url_decode(out["tag"].get<std::string>());
  CHECK(std::vector<std::uint8_t>(record.begin() + 37, record.begin() + 53) == tag);
  // The legacy tag of the same invoice is the other one a caller's index
  // must ask the core about (its use: the legacy vectors of wallet.add).
  auto legacy = medins::internal::base64url_decode(out["legacy_tag"].get<std::string>());
  REQUIRE(legacy);
  CHECK(legacy->size() == 16);
  CHECK(*legacy != tag);
}

TEST_CASE("wallet.add's append form refuses a tampered last record, a rolled-back or forged head") {
  World w;
  json old_wallet = w.build(4);
  json wallet = w.build(6);
  const json& e = wallet["entries"];
  const json& head = wallet["head"];
  auto problem = [](const json& out) { return out["error"].value("problem", ""); };

  for (std::size_t byte : {0u, 4u, 10u, 40u, 60u, 200u}) {
    json out = w.append(head, flip(e[5], byte), 9);
    INFO("byte " << byte << " " << out.dump());
    CHECK(error_code(out) == "wallet.invalid");
  }
  json edited = w.append(head, flip(e[5], 200), 9);
  CHECK(problem(edited) == "edited");
  CHECK(edited["error"]["entry"] == 5);
  // An earlier record passed as the last: the head counts more.
  CHECK(problem(w.append(head, e[3], 9)) == "deleted");
  // An older head over the newer last record.
  json older = w.append(old_wallet["head"], e[5], 9);
  CHECK(error_code(older) == "wallet.invalid");
  CHECK(problem(older) == "rolled_back");
  CHECK(error_code(w.append(old_wallet["head"], e[5], 9, 6)) == "wallet.rolled_back");
  // A whole older tail, consistent in itself: only min_counter tells.
  CHECK(error_code(w.append(old_wallet["head"], old_wallet["entries"][3], 9, 6)) == "wallet.rolled_back");
  CHECK(w.append(old_wallet["head"], old_wallet["entries"][3], 9, 4).contains("record"));
  // A head that is not the device's.
  json forged = w.append(flip(head, 3), e[5], 9);
  CHECK(error_code(forged) == "wallet.invalid");
  CHECK(problem(forged) == "head_invalid");
  json other = keypair(99);
  CHECK(error_code(medins::call("wallet.add", {{"head", head}, {"last", e[5]}, {"sealed", w.sealed(9)},
                                               {"key", other["secret"]}, {"issuers", w.issuers}})) != "");
  // Input shape.
  json in{{"head", head}, {"sealed", w.sealed(9)}, {"key", w.device["secret"]}, {"issuers", w.issuers}};
  CHECK(error_code(medins::call("wallet.add", in)) == "wallet.bad_input");  // no last
  in["last"] = e[5];
  in["wallet"] = wallet;
  CHECK(error_code(medins::call("wallet.add", in)) == "wallet.bad_input");  // both forms
  in.erase("wallet");
  in.erase("head");
  CHECK(error_code(medins::call("wallet.add", in)) == "wallet.bad_input");  // last without head
}

TEST_CASE("wallet.add: duplicates the append form cannot see are named by wallet.verify") {
  World w;
  json wallet = w.build(4);
  const json& e = wallet["entries"];
  // The last record's own receipt again: refused from the tail alone.
  CHECK(error_code(w.append(wallet["head"], e[3], 3)) == "wallet.duplicate");
  // An earlier one: the append form has no way to know (the caller's tag
  // index should have); it returns that entry's tag, and the full check
  // names the second copy.
  json out = w.append(wallet["head"], e[3], 1);
  REQUIRE_MESSAGE(out.contains("record"), out.dump());
  auto tag_of = [](const json& record) {
    auto bytes = *medins::internal::base64url_decode(record.get<std::string>());
    return std::vector<std::uint8_t>(bytes.begin() + 37, bytes.begin() + 53);
  };
  CHECK(medins::internal::base64url_encode(tag_of(e[1])) == out["tag"]);
  json twice{{"v", 1}, {"head", out["head"]}, {"entries", e}};
  twice["entries"].push_back(out["record"]);
  expect_problem(w.verify(twice), 4, "duplicated");
  CHECK(error_code(w.op("wallet.summary", {{"wallet", twice}})) == "wallet.invalid");
  // The whole form reads every entry's clear tag and refuses it.
  CHECK(error_code(w.add(wallet, 1)) == "wallet.duplicate");
}

TEST_CASE("wallet.add decodes the head and last record only, not the chain") {
  World w;
  json wallet = w.build(6);
  // Entry 2's ciphertext edited: every full check refuses, but an add never
  // decrypts entry 2, so its work does not grow with the entries behind the
  // last one. The new head vouches for the last record, not for the edit:
  // wallet.verify still names entry 2.
  json t = wallet;
  t["entries"][2] = flip(wallet["entries"][2], 200);
  expect_problem(w.verify(t), 2, "edited");
  json added = w.add(t, 6);
  REQUIRE_MESSAGE(added.contains("wallet"), added.dump());
  expect_problem(w.verify(added["wallet"]), 2, "edited");
  CHECK(error_code(w.op("wallet.list", {{"wallet", added["wallet"]}})) == "wallet.invalid");
  // The last record is checked against the head, whichever form.
  t = wallet;
  t["entries"][5] = flip(wallet["entries"][5], 200);
  CHECK(error_code(w.add(t, 6)) == "wallet.invalid");
}

TEST_CASE("wallet: bad input, full, no entropy") {
  World w;
  json wallet = w.build(1);
  CHECK(error_code(w.op("wallet.list", json::object())) == "wallet.bad_input");
  CHECK(error_code(w.op("wallet.list", {{"wallet", {{"v", 2}, {"head", ""}, {"entries", json::array()}}}})) ==
        "wallet.bad_input");
  CHECK(error_code(w.op("wallet.list", {{"wallet", wallet}, {"from", "2026"}})) == "wallet.bad_input");
  CHECK(error_code(w.op("wallet.get", {{"wallet", wallet}, {"index", -1}})) == "wallet.bad_input");
  CHECK(error_code(w.op("wallet.verify", {{"wallet", wallet}, {"min_counter", -1}})) == "wallet.bad_input");
  CHECK(error_code(medins::call("wallet.verify", {{"wallet", wallet}})) == "wallet.bad_input");  // no key
  json full{{"v", 1}, {"head", wallet["head"]}, {"entries", json::array()}};
  for (std::size_t i = 0; i < medins::receipt::kMaxWalletEntries; ++i) full["entries"].push_back("AA");
  CHECK(error_code(w.add(full, 5)) == "wallet.full");
  full["entries"].push_back("AA");
  CHECK(error_code(w.verify(full)) == "wallet.bad_input");

  medins::testing::NoEntropy none;
  medins::Env env;
  env.random = &none;
  json in{{"wallet", wallet}, {"sealed", w.sealed(3)}, {"key", w.device["secret"]}, {"issuers", w.issuers}};
  CHECK(error_code(medins::call("wallet.add", in, env)) == "wallet.no_entropy");
  CHECK(error_code(medins::call("wallet.export", {{"wallet", wallet}, {"index", 0}, {"to", w.insurer["public"]},
                                                  {"key", w.device["secret"]}},
                                env)) == "wallet.no_entropy");
}

TEST_CASE("wallet: 1,000 receipts survive add, list, verify, export; any tampering is named") {
  World w;
  constexpr int kN = 1000;
  // Built through the typed API (the JSON round trip of a growing wallet per
  // add would dominate the test's time, not the wallet's).
  medins::receipt::Opener opener;
  opener.secret_key = w.device["secret"];
  std::vector<medins::receipt::TrustedIssuer> issuers;
  for (const json& t : w.issuers) issuers.push_back({t["key"], t["hospital"]});
  json wallet;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kN; ++i) {
    auto added = medins::receipt::wallet_add(wallet, w.sealed(i), opener, issuers, std::nullopt, medins::default_random());
    REQUIRE_MESSAGE(added.ok(), added.status().message());
    wallet = std::move(added->wallet);
  }
  const auto t1 = std::chrono::steady_clock::now();
  auto listed = medins::receipt::wallet_list(wallet, opener, {}, kN);
  const auto t2 = std::chrono::steady_clock::now();
  auto report = medins::receipt::wallet_verify(wallet, opener, kN);
  const auto t3 = std::chrono::steady_clock::now();
  REQUIRE(listed.ok());
  CHECK(listed->size() == kN);
  REQUIRE(report.ok());
  CHECK(report->valid);
  CHECK(report->counter == kN);
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  MESSAGE("1000 receipts: build " << ms(t0, t1) << " ms, list " << ms(t1, t2) << " ms, verify " << ms(t2, t3) << " ms");

  auto exported = medins::receipt::wallet_export(wallet, opener, 777, w.insurer["public"].get<std::string>(), kN,
                                                 medins::default_random());
  REQUIRE(exported.ok());
  medins::receipt::Opener insurer;
  insurer.secret_key = w.insurer["secret"];
  auto opened = medins::receipt::open(*exported, insurer, issuers);
  REQUIRE(opened.ok());
  CHECK(opened->receipt["invoice"] == "INV-777");

  auto check = [&](const json& t, std::size_t entry, const char* problem) {
    auto r = medins::receipt::wallet_verify(t, opener, kN);
    REQUIRE(r.ok());
    CHECK(!r->valid);
    CHECK(r->entry == entry);
    CHECK(r->problem == problem);
  };
  for (std::size_t at : {0u, 1u, 499u, 998u}) {
    json t = wallet;
    t["entries"].erase(at);
    check(t, at, "deleted");
    t = wallet;
    std::swap(t["entries"][at], t["entries"][at + 1]);
    check(t, at, "swapped");
    t = wallet;
    t["entries"][at] = flip(wallet["entries"][at], 100);
    check(t, at, "edited");
  }
  json rolled = wallet;
  rolled["entries"].erase(999);
  auto older = medins::receipt::wallet_verify(rolled, opener, kN);
  CHECK(older->problem == "deleted");  // the head still counts 1000
}
