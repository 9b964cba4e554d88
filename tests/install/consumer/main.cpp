// Uses the installed C++ API through the umbrella header: the version op, and
// a key generated and identified through call().
#include <cstdio>
#include <medins/medins.hpp>

int main() {
  nlohmann::json version = medins::call("version", nlohmann::json::object());
  if (version.value("version", "") != medins::version_string()) return 1;
  nlohmann::json key = medins::call("keys.generate", {{"type", "public"}});
  if (!key.contains("public")) return 2;
  nlohmann::json id = medins::call("keys.id", {{"key", key["public"]}});
  if (!id.contains("id")) return 3;
  std::printf("consumer: medins %s, %s\n", version["version"].get<std::string>().c_str(),
              id["id"].get<std::string>().c_str());
  return 0;
}
