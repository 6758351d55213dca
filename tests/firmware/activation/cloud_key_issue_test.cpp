// The cloud-link key issued at activation (cloud_key_enrolment.hpp, issued_cloud_keys.hpp):
// each box gets fresh bytes sealed to its enrolment key, both ends keep them across reboots,
// and after activation a datagram under the enrolment key or another box's key is dropped.
#include <sodium.h>

#include <gtest/gtest.h>

#include "edgetwin/firmware/activation/cloud_key_enrolment.hpp"
#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/wire/envelope_seal.hpp"
#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "fixtures/factory_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// secure_bytes from a seeded stream, as the twin's platform (and nothing else of a Platform).
class SecureOnly final : public fw::Platform {
 public:
  explicit SecureOnly(std::uint64_t seed) : secure_(seed, "n") {}
  fw::Time now() const override { return {}; }
  fw::TimerId after(Duration, std::function<void()>) override { return 0; }
  void cancel(fw::TimerId) override {}
  void send(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
  void pull(const fw::Address&, const fw::ImageName&, std::uint64_t,
            std::function<void(bool)>) override {}
  fw::Disk& disk() override { return disk_; }
  fw::Runtime& runtime() override { std::abort(); }
  fw::NetConfig& net() override { std::abort(); }
  fw::EventSink& events() override { std::abort(); }
  fw::Rng& rng() override { std::abort(); }
  void secure_bytes(std::span<std::byte> out) override { secure_.fill(out); }

 private:
  fw::SeededSecureStream secure_;
  fw::MemoryDisk disk_;
};

TEST(CloudKeyEnrolment, TheSealedKeyOpensOnlyWithTheBoxsKeyPairAndWithLibsodiumsOwnOpen) {
  SecureOnly box(1), cloud(2);
  const auto pair = fw::enrolment_key_pair(fw::new_enrolment_seed(box));
  const auto other = fw::enrolment_key_pair(fw::new_enrolment_seed(box));
  const fw::WireKey key = fw::new_cloud_link_key(cloud);
  const auto sealed = fw::seal_cloud_key(cloud, key, pair.public_key);
  ASSERT_TRUE(sealed);
  EXPECT_EQ(fw::open_cloud_key(*sealed, pair), key);
  // The construction is crypto_box_seal's: libsodium opens it without our code.
  fw::WireKey opened{};
  ASSERT_EQ(crypto_box_seal_open(opened.data(), sealed->data(), sealed->size(),
                                 pair.public_key.data(), pair.secret_key.data()),
            0);
  EXPECT_EQ(opened, key);
  EXPECT_FALSE(fw::open_cloud_key(*sealed, other)) << "sealed to another box";
  for (std::size_t i = 0; i < sealed->size(); i += 7) {
    auto altered = *sealed;
    altered[i] ^= 0x01;
    EXPECT_FALSE(fw::open_cloud_key(altered, pair)) << "byte " << i;
  }
  EXPECT_FALSE(fw::enrolment_key_usable(fw::EnrolmentPublicKey{})) << "a point of small order";
  EXPECT_FALSE(fw::seal_cloud_key(cloud, key, fw::EnrolmentPublicKey{}));
  EXPECT_TRUE(fw::enrolment_key_usable(pair.public_key));
}

TEST(CloudKeyEnrolment, TheSameSeedSealsTheSameBytes) {
  SecureOnly a(5), b(5), c(6);
  const auto pair = fw::enrolment_key_pair(fw::EnrolmentSeed{});
  const fw::WireKey key = fw::new_cloud_link_key(a);
  EXPECT_EQ(key, fw::new_cloud_link_key(b));
  EXPECT_NE(key, fw::new_cloud_link_key(c));
  EXPECT_EQ(fw::seal_cloud_key(a, key, pair.public_key), fw::seal_cloud_key(b, key, pair.public_key));
}

struct Activated {
  explicit Activated(int boxes = 2, std::uint64_t seed = 1) : f(boxes, {}, seed) {
    f.power_on_all();
    f.issue_codes();
    EXPECT_TRUE(f.run_until([&] { return f.running() == boxes; }, Duration::seconds(900)));
    f.network.run_for(Duration::seconds(30));
  }
  fw::WireKey box_key(const std::string& name) {
    return *f.box(name).sealing()->keys().cloud;
  }
  FactoryFixture f;
};

class CloudKeyIssue : public ::testing::TestWithParam<fw::MacStrength> {
 protected:
  void SetUp() override { set_test_mac_strength(GetParam()); }
  void TearDown() override { set_test_mac_strength(fw::MacStrength::full); }
};

TEST_P(CloudKeyIssue, EachBoxIsIssuedAFreshKeyThatBothEndsUse) {
  Activated a;
  const auto* table = a.f.cloud_agent().issued_keys();
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->issued(), 2u);
  for (const std::string name : {"box-100", "box-101"}) {
    ASSERT_TRUE(a.f.box(name).sealing()->keys().cloud) << name;
    EXPECT_EQ(table->key(name), a.box_key(name)) << name;
    EXPECT_NE(a.box_key(name), fw::derive_cloud_key(test_cloud_root(), name)) << "not the enrolment key";
    EXPECT_NE(a.box_key(name), fw::derive_preissued_cloud_key(test_cloud_root(), name));
    EXPECT_EQ(a.f.status(name), "running");
    EXPECT_EQ(a.f.network.node(name).recorded("activation.cloud_key").size(), 1u);
  }
  EXPECT_NE(a.box_key("box-100"), a.box_key("box-101"));
  // The boxes' reports are heard: nothing from them was refused.
  EXPECT_EQ(a.f.cloud_agent().inbox().stats().unauthenticated.total(), 0u);
  EXPECT_TRUE(a.f.cloud_agent().registry().rows().at("box-100").ever_reported);
  EXPECT_EQ(a.f.box("box-100").box()->inbox().stats().unauthenticated.total(), 0u);
}

// A node report from box-100's address with another ip: if it were taken, the node list would
// show that ip.
fw::Bytes forged_report(const fw::WireKey& key, std::uint64_t counter, fw::MacStrength strength) {
  fw::NodeReport r;
  r.name = "box-100";
  r.site = "s100";
  r.ip = "10.6.6.6";
  r.seq = 1'000'000 + counter;
  fw::Bytes env = fw::encode_envelope(fw::MessageType::node_report, 50, r.encode());
  fw::seal_envelope(env, 1'000'000 + counter, fw::WireMac(key, strength), "box-100");
  return env;
}

TEST_P(CloudKeyIssue, AfterActivationTheEnrolmentKeyAndAnotherBoxsKeyAreForgeries) {
  Activated a;
  const auto& cloud_inbox = a.f.cloud_agent().inbox();
  const std::uint64_t forged_before = cloud_inbox.stats().unauthenticated.of(fw::AuthDrop::forged);
  const fw::WireKey enrolment = fw::derive_cloud_key(test_cloud_root(), "box-100");
  a.f.network.inject("box-100", "cloud", forged_report(enrolment, 1, GetParam()));
  a.f.network.inject("box-100", "cloud", forged_report(a.box_key("box-101"), 2, GetParam()));
  a.f.network.inject("box-100", "cloud",
                     forged_report(fw::derive_preissued_cloud_key(test_cloud_root(), "box-100"), 3, GetParam()));
  a.f.network.run_for(Duration::milliseconds(50));
  EXPECT_EQ(cloud_inbox.stats().unauthenticated.of(fw::AuthDrop::forged), forged_before + 3);
  EXPECT_NE(a.f.cloud_agent().registry().rows().at("box-100").ip, "10.6.6.6");
  // The genuine key is taken (the test's forgery is sound).
  a.f.network.inject("box-100", "cloud", forged_report(a.box_key("box-100"), 4, GetParam()));
  a.f.network.run_for(Duration::milliseconds(50));
  EXPECT_EQ(a.f.cloud_agent().registry().rows().at("box-100").ip, "10.6.6.6");

  // The cloud's side: an acknowledgement under the box's enrolment key is refused by the box.
  const auto& box_inbox = a.f.box("box-100").box()->inbox();
  const std::uint64_t box_forged = box_inbox.stats().unauthenticated.of(fw::AuthDrop::forged);
  fw::Bytes ack = fw::encode_envelope(fw::MessageType::cloud_ack, 50, fw::CloudAck{1}.encode());
  fw::seal_envelope(ack, 1'000'000, fw::WireMac(enrolment, GetParam()), "cloud");
  a.f.network.inject("cloud", "box-100", ack);
  a.f.network.run_for(Duration::milliseconds(50));
  EXPECT_EQ(box_inbox.stats().unauthenticated.of(fw::AuthDrop::forged), box_forged + 1);
}

TEST_P(CloudKeyIssue, ABoxWithoutAnIssuedKeyIsNotHeardButForActivation) {
  FactoryFixture f;
  f.power_on_all();
  f.network.run_for(Duration::seconds(1));
  const std::uint64_t no_key = f.cloud_agent().inbox().stats().unauthenticated.of(fw::AuthDrop::no_key);
  fw::NodeReport r;
  r.name = "box-100";
  r.site = "s100";
  r.ip = "10.6.6.6";
  r.seq = 1;
  fw::Bytes env = fw::encode_envelope(fw::MessageType::node_report, 50, r.encode());
  fw::seal_envelope(env, 1, fw::WireMac(fw::derive_cloud_key(test_cloud_root(), "box-100"), GetParam()),
                    "box-100");
  f.network.inject("box-100", "cloud", env);
  f.network.run_for(Duration::milliseconds(50));
  EXPECT_EQ(f.cloud_agent().inbox().stats().unauthenticated.of(fw::AuthDrop::no_key), no_key + 1);
  EXPECT_FALSE(f.cloud_agent().registry().rows().at("box-100").ever_reported);
}

TEST_P(CloudKeyIssue, BothEndsKeepTheKeyAcrossReboots) {
  Activated a(1);
  const fw::WireKey key = a.box_key("box-100");
  a.f.network.node("box-100").power_off();
  a.f.network.node("cloud").power_off();
  a.f.network.run_for(Duration::seconds(5));
  a.f.network.node("cloud").power_on();
  a.f.network.node("box-100").power_on();
  ASSERT_TRUE(a.f.box("box-100").running());
  EXPECT_EQ(a.box_key("box-100"), key) << "from the box's disk";
  EXPECT_EQ(a.f.cloud_agent().issued_keys()->key("box-100"), key) << "from the cloud's disk";
  a.f.network.run_for(Duration::seconds(60));
  // The restarted cloud hears the box's reports (what it makes of a node its restart forgot
  // the activation of is another matter: the cloud's sessions are in memory).
  EXPECT_GT(a.f.cloud_agent().inbox().stats().accepted, 5u);
  EXPECT_EQ(a.f.cloud_agent().inbox().stats().unauthenticated.total(), 0u);
  EXPECT_EQ(a.f.box("box-100").box()->inbox().stats().unauthenticated.total(), 0u);
}

TEST_P(CloudKeyIssue, ASeedFixesTheIssuedKeys) {
  Activated a(1, 7), b(1, 7), c(1, 8);
  EXPECT_EQ(a.box_key("box-100"), b.box_key("box-100"));
  EXPECT_NE(a.box_key("box-100"), c.box_key("box-100"));
}

INSTANTIATE_TEST_SUITE_P(BothStrengths, CloudKeyIssue,
                         ::testing::Values(fw::MacStrength::full, fw::MacStrength::twin));

}  // namespace
}  // namespace edgetwin::testing
