// The box's side of Platform::pull (image_puller.hpp) against a stand-in puller: a shell script
// that records its arguments and answers as `edgeboxd pull` does (JSON lines, exit 0 or 1).
// The real puller against a real registry: linux.oci_pull and linux.netns_pull.
#include "edgetwin/linux/image_puller.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "stand_in_script_test.hpp"

namespace edgetwin::linux_box {
namespace {

constexpr const char* kDigest =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

class ImagePullerTest : public StandInScriptTest {
 protected:
  void SetUp() override {
    make_dir("edgetwin-puller-XXXXXX");
    puller_ = dir_ + "/puller.sh";
    // $5 is the image: "bad:*" answers as a registry serving wrong bytes, "slow:*" hangs,
    // anything else completes; every run also prints an event that is not a pull's.
    std::ofstream(puller_) << "#!/bin/sh\n"
                           << "echo \"$*\" >> " << dir_ << "/calls\n"
                           << "echo '{\"kind\":\"vip.claim\",\"vip\":\"10.0.0.9\"}'\n"
                           << "echo 'not json'\n"
                           << "case \"$5\" in\n"
                           << "  bad:*) echo '{\"kind\":\"pull.wrong_digest\",\"image\":\"'$5'\","
                              "\"detail\":\"hashed to another\"}'; exit 1;;\n"
                           << "  slow:*) exec sleep 5;;\n"
                           << "esac\n"
                           << "echo '{\"kind\":\"pull.done\",\"image\":\"'$5'\",\"fetched\":42}'\n";
    std::filesystem::permissions(puller_, std::filesystem::perms::owner_all);
  }

  ImagePuller make(fw::Duration timeout = fw::Duration::seconds(10)) {
    ImagePullConfig config{"http://203.0.113.10:5000", 7401, puller_, timeout};
    const Endpoint self{"a", *fw::parse_ipv4("10.0.0.1"), 7400};
    std::vector<Endpoint> nodes{{"b", *fw::parse_ipv4("10.0.0.2"), 7400},
                                {"cloud", *fw::parse_ipv4("203.0.113.10"), 7400}};
    return ImagePuller(config, platform_, processes_, self, nodes, dir_,
                       [this](std::string_view kind, nlohmann::ordered_json f) {
                         platform_.events().emit(kind, std::move(f));
                       });
  }
  std::string puller_;
};

TEST_F(ImagePullerTest, APullFromTheCloudRunsThePullerOnTheRegistryAndForwardsItsEvents) {
  ImagePuller puller = make();
  std::optional<bool> result;
  puller.pull(fw::kCloudAddress, {"hello", "1.0"}, 42, [&](bool ok) { result = ok; });
  run_until([&] { return result.has_value(); });
  ASSERT_EQ(result, true);
  EXPECT_EQ(calls(), "pull --registry http://203.0.113.10:5000 --image hello:1.0 --state-dir " +
                         dir_ + "\n");
  ASSERT_EQ(of("pull.start").size(), 1u);
  EXPECT_EQ(of("pull.start")[0]["url"], "http://203.0.113.10:5000");
  EXPECT_EQ(of("pull.start")[0]["bytes"], 42);
  ASSERT_EQ(of("pull.done").size(), 1u);
  EXPECT_EQ(of("pull.done")[0]["fetched"], 42);
  EXPECT_EQ(of("pull.end").size(), 1u);
  EXPECT_TRUE(of("vip.claim").empty()) << "only the child's pull events become the box's";
}

TEST_F(ImagePullerTest, APullFromAPeerGoesToItsServeImagesAndADigestPinsTheManifest) {
  ImagePuller puller = make();
  std::optional<bool> result;
  puller.pull(fw::Address{"b"}, {"hello", kDigest}, 42, [&](bool ok) { result = ok; });
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(result, true);
  EXPECT_EQ(calls(), std::string("pull --registry http://10.0.0.2:7401 --image hello@") + kDigest +
                         " --state-dir " + dir_ + "\n");
}

TEST_F(ImagePullerTest, AWrongDigestIsItsNamedEventAndAFailedPull) {
  ImagePuller puller = make();
  std::optional<bool> result;
  puller.pull(fw::kCloudAddress, {"bad", "1.0"}, 42, [&](bool ok) { result = ok; });
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(result, false);
  ASSERT_EQ(of("pull.wrong_digest").size(), 1u);
  EXPECT_EQ(of("pull.wrong_digest")[0]["detail"], "hashed to another");
  ASSERT_EQ(of("pull.failed").size(), 1u);
  EXPECT_EQ(of("pull.failed")[0]["exit_code"], 1);
}

TEST_F(ImagePullerTest, ASourceWithoutAnAddressFailsWithoutAChild) {
  ImagePuller puller = make();
  std::optional<bool> result;
  puller.pull(fw::Address{"stranger"}, {"hello", "1.0"}, 42, [&](bool ok) { result = ok; });
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(result, false);
  EXPECT_EQ(of("pull.no_source").size(), 1u);
  EXPECT_EQ(calls(), "");
}

TEST_F(ImagePullerTest, APullStillRunningAfterTheTimeoutIsKilled) {
  ImagePuller puller = make(fw::Duration::milliseconds(200));
  std::optional<bool> result;
  puller.pull(fw::kCloudAddress, {"slow", "1.0"}, 42, [&](bool ok) { result = ok; });
  run_until([&] { return result.has_value(); }, 3);
  EXPECT_EQ(result, false);
  ASSERT_EQ(of("pull.failed").size(), 1u);
  EXPECT_EQ(of("pull.failed")[0]["timed_out"], true);
  EXPECT_EQ(of("pull.failed")[0]["signal"], 9);
}

// The firmware switches to a better source (its peer) while a pull runs: the running child is
// stopped before the new one starts, so two never write the same partial blob.
TEST_F(ImagePullerTest, ANewerPullStopsTheRunningOneAndStartsOnceItIsGone) {
  ImagePuller puller = make();
  std::vector<std::string> order;
  puller.pull(fw::kCloudAddress, {"slow", "1.0"}, 42,
              [&](bool ok) { order.push_back(ok ? "slow ok" : "slow failed"); });
  puller.pull(fw::Address{"b"}, {"hello", "1.0"}, 42,
              [&](bool ok) { order.push_back(ok ? "hello ok" : "hello failed"); });
  run_until([&] { return order.size() == 2; }, 3);
  EXPECT_EQ(order, (std::vector<std::string>{"slow failed", "hello ok"}));
  ASSERT_EQ(of("pull.failed").size(), 1u);
  EXPECT_EQ(of("pull.failed")[0]["replaced"], true);
  EXPECT_EQ(of("pull.start").size(), 2u);
}

}  // namespace
}  // namespace edgetwin::linux_box
