// Activation over the (test) network: created -> activating -> running, retries with back-off
// while the cloud is unreachable, rate limiting, idempotence, reboot resume, malformed
// messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "edgetwin/firmware/wire/sealing_platform.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "fixtures/factory_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::ActivationPhase;
using fw::Duration;

bool console_has(const fw::ActivationBoxAgent& box, const std::string& line) {
  return std::find(box.console().begin(), box.console().end(), line) != box.console().end();
}

std::vector<std::string> status_changes(TestPlatform& cloud, const std::string& node) {
  std::vector<std::string> out;
  for (const auto& e : cloud.recorded("node.status"))
    if (e.fields["box"] == node)
      out.push_back(e.fields["from"].get<std::string>() + "->" + e.fields["to"].get<std::string>());
  return out;
}

TEST(Activation, BoxGoesFromCreatedThroughActivatingToRunning) {
  FactoryFixture f;
  f.power_on_all();
  f.issue_codes();
  EXPECT_EQ(f.status("box-100"), "created");
  ASSERT_TRUE(
      f.run_until([&] { return f.status("box-100") == "activating"; }, Duration::seconds(120)));
  EXPECT_FALSE(f.box("box-100").running());
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  EXPECT_EQ(f.status("box-100"), "running");
  EXPECT_EQ(status_changes(f.network.node("cloud"), "box-100"),
            (std::vector<std::string>{"created->activating", "activating->running"}));
  const auto& box = f.box("box-100");
  EXPECT_TRUE(console_has(box, "Please input user bind code:"));
  EXPECT_TRUE(console_has(box, "DPS is activated"));
  EXPECT_TRUE(console_has(box, "Services installed !"));
  EXPECT_EQ(box.console().back(), "Your system has been initialized successfully !");
  EXPECT_EQ(box.client()->phase(), ActivationPhase::activated);
  // The box's firmware proper now reports to the cloud and stays running.
  f.network.run_for(Duration::seconds(120));
  EXPECT_EQ(f.status("box-100"), "running");
  EXPECT_TRUE(box.box()->cloud()->connected());
  EXPECT_EQ(f.cloud_agent().inbox().malformed().total(), 0u);
  // The console never showed a password.
  for (const auto& line : box.console()) EXPECT_EQ(line.find("changepassword"), std::string::npos);
}

TEST(Activation, InitializationTakesAboutFiveMinutesAndIsConfigurable) {
  for (int init_s : {300, 60}) {
    FactoryFixture f;
    f.factory.timing.init_duration = Duration::seconds(init_s);
    f.power_on_all();
    f.issue_codes();
    ASSERT_TRUE(
        f.run_until([&] { return f.status("box-100") == "activating"; }, Duration::seconds(120)));
    const double accepted_s = f.network.now().to_seconds();
    ASSERT_TRUE(
        f.run_until([&] { return f.status("box-100") == "running"; }, Duration::seconds(900)));
    const double took_s = f.network.now().to_seconds() - accepted_s;
    EXPECT_GE(took_s, init_s - 1) << init_s;
    EXPECT_LE(took_s, init_s + 2) << init_s;
  }
}

TEST(Activation, WrongCodeIsExplainedAndTheOperatorTypesTheRightOne) {
  FactoryFixture f;
  f.wrong_codes["box-100"] = {"00000000"};
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  EXPECT_TRUE(console_has(f.box("box-100"), "Bind code rejected: wrong code."));
  EXPECT_EQ(f.cloud_agent().activation().rejections().of(fw::CodeRejection::wrong), 1u);
  // The rejected code is not in the cloud's events.
  for (const auto& e : f.network.node("cloud").recorded())
    EXPECT_EQ(e.fields.dump().find("00000000"), std::string::npos);
}

TEST(Activation, FiveWrongCodesLockTheBoxOutThenTheRightCodeWorks) {
  FactoryFixture f;
  f.wrong_codes["box-100"] = {"00000006", "00000005", "00000004",
                              "00000003", "00000002", "00000001"};
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(900)));
  const auto& rejections = f.cloud_agent().activation().rejections();
  // Five wrong, a lockout the operator sat out as told, a sixth wrong, then the right one.
  EXPECT_EQ(rejections.of(fw::CodeRejection::wrong), 6u);
  EXPECT_EQ(rejections.of(fw::CodeRejection::locked_out), 0u);
  EXPECT_TRUE(console_has(f.box("box-100"), "Try again in 60 s."));
  const auto& console = f.box("box-100").console();
  EXPECT_EQ(std::count(console.begin(), console.end(), "Bind code rejected: wrong code."), 6);
}

TEST(Activation, AnotherNodesCodeIsRejectedOverTheWire) {
  FactoryFixture f(2);
  f.power_on_all();
  f.issue_codes();
  f.wrong_codes["box-101"] = {f.codes["box-100"]};
  ASSERT_TRUE(f.run_until([&] { return f.running() == 2; }, Duration::seconds(900)));
  // The same answer as a code that is nobody's: a guesser learns nothing from a hit.
  EXPECT_TRUE(console_has(f.box("box-101"), "Bind code rejected: wrong code."));
  EXPECT_EQ(f.cloud_agent().activation().rejections().of(fw::CodeRejection::other_node), 0u);
}

TEST(Activation, RetriesWithBackoffWhileTheCloudIsUnreachableAndRecovers) {
  FactoryFixture f;
  f.network.partition("box-100", "cloud");
  f.power_on_all();
  f.issue_codes();
  f.network.run_for(Duration::seconds(1800));
  const auto* client = f.box("box-100").client();
  EXPECT_EQ(client->phase(), ActivationPhase::pending);
  // Exponential back-off: a dozen tries in 30 minutes, not one every timeout (360).
  EXPECT_GE(client->attempts(), 8u);
  EXPECT_LE(client->attempts(), 20u);
  f.network.heal("box-100", "cloud");
  // Back within one maximal back-off (300 s) plus initialization (300 s).
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(660)));
  EXPECT_EQ(f.cloud_agent().activation().accepted(), 1u);
}

TEST(Activation, JitterSpreadsRetriesOfBoxesThatFailedTogether) {
  FactoryFixture f(4);
  for (const auto& n : f.names) f.network.partition(n, "cloud");
  f.power_on_all();
  f.issue_codes();
  f.network.run_for(Duration::seconds(1000));
  for (const auto& n : f.names) f.network.heal(n, "cloud");
  // Heard by the cloud at distinct instants once healed.
  ASSERT_TRUE(f.run_until([&] { return f.running() == 4; }, Duration::seconds(900)));
  std::set<double> accepted_at;
  for (const auto& e : f.network.node("cloud").recorded("activation.accepted"))
    accepted_at.insert(e.t.to_seconds());
  EXPECT_EQ(accepted_at.size(), 4u);
}

TEST(Activation, CloudRateLimitsAHerdAndEveryBoxStillActivates) {
  FactoryFixture f(30, fw::RateLimit{0.5, 2});
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.running() == 30; }, Duration::seconds(3600)));
  const auto& service = f.cloud_agent().activation();
  EXPECT_GT(service.rate_limited(), 0u);
  EXPECT_EQ(service.accepted(), 30u);
  // Admissions never outran the bucket: at most burst + rate * elapsed by any instant.
  const auto accepted = f.network.node("cloud").recorded("activation.accepted");
  const double first_s = 0;
  for (std::size_t i = 0; i < accepted.size(); ++i)
    EXPECT_LE(static_cast<double>(i + 1), 2 + 0.5 * (accepted[i].t.to_seconds() - first_s) + 1e-6);
  EXPECT_EQ(f.cloud_agent().registry().running_count(), 30);
}

TEST(Activation, RebootBetweenCodeAcceptedAndActivatedResumesWithoutTheCode) {
  FactoryFixture f;
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").client()->init_step() >= 2; },
                          Duration::seconds(300)));
  const std::uint64_t session = f.box("box-100").client()->session();
  f.network.node("box-100").power_off();  // power loss half-way through the install
  f.network.run_for(Duration::seconds(20));
  f.network.node("box-100").power_on();
  const auto* client = f.box("box-100").client();
  EXPECT_EQ(client->phase(), ActivationPhase::accepted);
  EXPECT_EQ(client->session(), session);
  EXPECT_GE(client->init_step(), 2u);  // carries on from the last finished step
  // No dialogue this time: the console resumes the install.
  EXPECT_EQ(f.box("box-100").console().front(), "Resuming initialization...");
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  const auto& service = f.cloud_agent().activation();
  EXPECT_EQ(service.accepted(), 1u);
  EXPECT_EQ(service.rejections().total(), 0u);  // the consumed code was never presented again
  EXPECT_EQ(f.network.node("cloud").recorded("activation.accepted").size(), 1u);
  EXPECT_EQ(f.status("box-100"), "running");
}

TEST(Activation, RebootWhileTheAcceptanceWasLostResumesTheSameSession) {
  FactoryFixture f;
  f.network.set_link("cloud", "box-100", LinkBehaviour{Duration::milliseconds(1), 1.0, 0});
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.cloud_agent().activation().accepted() == 1; },
                          Duration::seconds(300)));
  EXPECT_EQ(f.box("box-100").client()->phase(), ActivationPhase::pending);
  f.network.node("box-100").power_off();
  f.network.set_link("cloud", "box-100", LinkBehaviour{});
  f.network.node("box-100").power_on();
  EXPECT_EQ(f.box("box-100").client()->phase(), ActivationPhase::pending);
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  EXPECT_EQ(f.cloud_agent().activation().rejections().total(), 0u);  // not "used": same session
  EXPECT_EQ(f.cloud_agent().activation().accepted(), 1u);
}

TEST(Activation, ACodeRefusedAfterAResumeIsAskedForAgainForTheSameDevice) {
  FactoryFixture f;
  f.network.partition("box-100", "cloud");
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(
      f.run_until([&] { return f.box("box-100").client()->phase() == ActivationPhase::pending; },
                  Duration::seconds(120)));
  f.network.node("box-100").power_off();
  f.issue_codes();  // the operator clicked "activate device" again: the first code is replaced
  f.network.heal("box-100", "cloud");
  f.network.node("box-100").power_on();
  EXPECT_EQ(f.box("box-100").client()->phase(), ActivationPhase::pending);
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(900)));
  EXPECT_TRUE(console_has(f.box("box-100"), "Bind code rejected: code expired."));
  const auto accepted = f.network.node("cloud").recorded("activation.accepted");
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].fields["device_name"], "box-100");
  f.network.run_for(Duration::seconds(60));
  EXPECT_EQ(f.cloud_agent().registry().rows().at("box-100").ip, "192.168.1.11");  // saved setup
}

TEST(Activation, AfterActivationABootGoesStraightToTheBoxFirmware) {
  FactoryFixture f;
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  f.network.node("box-100").power_off();
  f.network.node("box-100").power_on();
  EXPECT_TRUE(f.box("box-100").running());
  EXPECT_TRUE(f.box("box-100").console().empty());
  EXPECT_EQ(f.box("box-100").box()->boot_epoch(),
            4u);  // each boot: the first-boot agent, then BoxAgent
  f.network.run_for(Duration::seconds(60));
  EXPECT_EQ(f.status("box-100"), "running");
  EXPECT_EQ(f.cloud_agent().inbox().stale(), 0u);
}

TEST(Activation, MalformedActivationMessagesAreDroppedAndCounted) {
  FactoryFixture f;
  f.power_on_all();
  const fw::Bytes junk{std::byte{1}, std::byte{2}};
  // From a box that holds its key (an insider, or a bug there): past authentication.
  auto as_box = [&](fw::Bytes envelope) { return seal_as(f.network, "box-100", "cloud", envelope); };
  f.network.inject("box-100", "cloud",
                   as_box(fw::encode_envelope(fw::MessageType::activation_request, 1, junk)));
  // A request for another node than its sender.
  fw::ActivationRequest forged{"box-999", "x", fw::CredentialKind::bind_code, "52995ded", 7, 1, {}};
  f.network.inject("box-100", "cloud",
                   as_box(fw::encode_envelope(fw::MessageType::activation_request, 1, forged.encode())));
  f.network.inject("box-100", "cloud",
                   as_box(fw::encode_envelope(fw::MessageType::activation_done, 1, junk)));
  f.network.run_for(Duration::milliseconds(10));
  EXPECT_EQ(f.cloud_agent().inbox().malformed().of(fw::DecodeError::bad_payload), 3u);
  // Replies with an outcome out of range, or not from the cloud, reach no client.
  fw::ActivationReply reply{"box-100", 1, fw::ActivationOutcome::accepted, fw::CodeRejection::none,
                            0, fw::SealedCloudKey{}};
  fw::Bytes bad = reply.encode();
  bad[bad.size() - 6 - 1 - fw::kSealedCloudKeyBytes] = std::byte{9};  // the outcome
  f.network.inject("cloud", "box-100",
                   seal_as(f.network, "cloud", "box-100",
                           fw::encode_envelope(fw::MessageType::activation_reply, 1, bad)));
  // A site member that is not the cloud, then a stranger without any key.
  f.network.inject("insider", "box-100",
                   seal_as(f.network, "insider", "box-100",
                           fw::encode_envelope(fw::MessageType::activation_reply, 1, reply.encode())));
  f.network.inject("intruder", "box-100",
                   fw::encode_envelope(fw::MessageType::activation_reply, 1, reply.encode()));
  f.network.run_for(Duration::milliseconds(10));
  EXPECT_EQ(f.box("box-100").inbox().malformed().of(fw::DecodeError::bad_payload), 2u);
  EXPECT_EQ(f.box("box-100").inbox().stats().unauthenticated.of(fw::AuthDrop::forged), 1u);
  EXPECT_EQ(f.box("box-100").client()->phase(), ActivationPhase::idle);
}

TEST(ActivationMessages, RoundTripAndStrictDecoding) {
  const auto enrolment = fw::enrolment_key_pair(fw::EnrolmentSeed{}).public_key;
  fw::ActivationRequest req{"s001-a", "device01", fw::CredentialKind::join_token, "abc", 42, 3,
                            enrolment};
  auto back = fw::ActivationRequest::decode(req.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->node, "s001-a");
  EXPECT_EQ(back->device_name, "device01");
  EXPECT_EQ(back->kind, fw::CredentialKind::join_token);
  EXPECT_EQ(back->session, 42u);
  EXPECT_EQ(back->attempt, 3u);
  EXPECT_EQ(back->enrolment_key, enrolment);
  auto bytes = req.encode();
  bytes.push_back(std::byte{0});
  EXPECT_FALSE(fw::ActivationRequest::decode(bytes));  // trailing byte
  fw::ActivationReply rejected{
      "n", 1, fw::ActivationOutcome::rejected, fw::CodeRejection::none, 0, std::nullopt};
  EXPECT_FALSE(fw::ActivationReply::decode(rejected.encode()));  // a rejection names its reason
  rejected.reason = fw::CodeRejection::expired;
  EXPECT_TRUE(fw::ActivationReply::decode(rejected.encode()));
  rejected.cloud_key = fw::SealedCloudKey{};
  EXPECT_FALSE(fw::ActivationReply::decode(rejected.encode())) << "a key only with an acceptance";
  fw::ActivationReply accepted{
      "n", 1, fw::ActivationOutcome::accepted, fw::CodeRejection::none, 0, std::nullopt};
  EXPECT_FALSE(fw::ActivationReply::decode(accepted.encode())) << "an acceptance brings its key";
  accepted.cloud_key = fw::SealedCloudKey{};
  accepted.cloud_key->back() = 7;
  auto accepted_back = fw::ActivationReply::decode(accepted.encode());
  ASSERT_TRUE(accepted_back);
  EXPECT_EQ(accepted_back->cloud_key, accepted.cloud_key);
  fw::ActivationDone done{"n", 9};
  EXPECT_EQ(fw::ActivationDone::decode(done.encode())->session, 9u);
  EXPECT_TRUE(
      fw::decode_envelope(fw::encode_envelope(fw::MessageType::activation_done, 1, done.encode())));
}

// A generic node runs its start script: the join token goes through the same service.
class GenericNode final : public fw::Agent {
 public:
  GenericNode(fw::Platform& p, std::string token)
      : sealed_(p, "gen-01", test_box_keys("gen-01")), platform_(sealed_), token_(std::move(token)) {}
  void boot() override {
    client_ = std::make_unique<fw::ActivationClient>(
        platform_, "gen-01", fw::kCloudAddress, 1, fw::ActivationTiming{},
        fw::ActivationClient::Hooks{[](std::string_view) {},
                                    [this](fw::CodeRejection r, Duration) { rejected = r; },
                                    [this] { activated = true; }});
    if (client_->resume() == ActivationPhase::idle)
      client_->submit("gen-01", fw::CredentialKind::join_token, token_);
  }
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte> d) override {
    auto env = fw::decode_envelope(d);
    if (!env) return;
    if (auto r = fw::ActivationReply::decode(env.value().payload)) client_->on_reply(*r);
  }
  bool activated = false;
  fw::CodeRejection rejected = fw::CodeRejection::none;

 private:
  fw::SealingPlatform sealed_;  // the cloud accepts sealed datagrams only
  fw::Platform& platform_;
  std::string token_;
  std::unique_ptr<fw::ActivationClient> client_;
};

TEST(Activation, GenericNodeJoinsWithItsStartScriptOnce) {
  TestNetwork net;
  fw::ActivationServiceConfig config;
  config.nodes_start_created = true;
  net.add_node("cloud", [config](fw::Platform& p) {
    return std::make_unique<fw::CloudAgent>(
        p, std::vector<fw::CloudInventoryEntry>{{"gen-01", "s1"}}, Duration::seconds(30), config,
        test_cloud_keys());
  });
  std::string token;
  net.add_node("gen-01",
               [&token](fw::Platform& p) { return std::make_unique<GenericNode>(p, token); });
  net.node("cloud").power_on();
  auto& cloud = static_cast<fw::CloudAgent&>(*net.node("cloud").agent());
  EXPECT_FALSE(cloud.console().node_script("admin", "s1", "gen-99"));     // not created
  EXPECT_FALSE(cloud.console().node_script("stranger", "s1", "gen-01"));  // no O&M permission
  token = fw::join_token_of(cloud.console().node_script("admin", "s1", "gen-01").value());
  ASSERT_EQ(token.size(), 32u);
  net.node("gen-01").power_on();
  auto* gen = static_cast<GenericNode*>(net.node("gen-01").agent());
  for (int s = 0; s < 400 && !gen->activated; ++s) net.run_for(Duration::seconds(1));
  EXPECT_TRUE(gen->activated);
  EXPECT_EQ(cloud.registry().rows().at("gen-01").status, "running");
  // The same script run again on a reinstalled host: the token was used.
  net.node("gen-01").power_off();
  net.node("gen-01").memory_disk().wipe();
  net.node("gen-01").power_on();
  // Back at epoch 1 numbering from 1 again: the cloud takes it for a new incarnation once it
  // has been silent for Inbox::kIncarnationSilence (before, its datagrams look replayed).
  net.run_for(Duration::seconds(30));
  gen = static_cast<GenericNode*>(net.node("gen-01").agent());
  EXPECT_EQ(gen->rejected, fw::CodeRejection::used);
  EXPECT_FALSE(gen->activated);
}

// The start script joins a generic node to its site's cluster (issue 21, item 2): before, the
// cluster and the scheduler do not have it; after its activation the node has a pod subnet from
// the cluster's pod CIDR (the boxes took the first ones) and the controller may place on it.
// A cloud orchestrating s1 (two boxes, generic node gen-01 on its LAN) and s2 (no cluster),
// where the console created gen-01 in `created_in`; gen-01 runs its start script.
struct GenericJoin {
  TestNetwork net;
  explicit GenericJoin(const std::string& created_in) {
    fw::ActivationServiceConfig config;
    config.nodes_start_created = true;
    fw::OrchestratorConfig orchestration;
    const fw::Cidr lan = *fw::parse_cidr("192.168.1.0/24");
    orchestration.sites.push_back(
        {"s1", {{"s1-a", {40, 262144, 1}}, {"s1-b", {40, 262144, 1}}}, {}});
    orchestration.sites.push_back({"s2", {{"s2-a", {40, 262144, 1}}}, {}});
    fw::SiteCluster cluster;
    cluster.config.name = "s1";
    cluster.config.lan = lan;
    cluster.config.service_range = *fw::parse_cidr("192.168.2.0/24");
    cluster.boxes = {{"s1-a", fw::NodeType::edgebox, "192.168.1.11", lan, {40, 262144, 1}},
                     {"s1-b", fw::NodeType::edgebox, "192.168.1.12", lan, {40, 262144, 1}}};
    cluster.generic = {{"gen-01", fw::NodeType::generic, "192.168.1.101", lan, {8, 16384, 0}}};
    orchestration.clusters["s1"] = cluster;
    net.add_node("cloud", [config, orchestration, created_in](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"gen-01", created_in}}, Duration::seconds(30),
          config, test_cloud_keys());
      cloud->set_orchestration(orchestration);
      return cloud;
    });
    net.add_node("gen-01",
                 [this](fw::Platform& p) { return std::make_unique<GenericNode>(p, token); });
    net.node("cloud").power_on();
  }
  fw::CloudAgent& cloud() { return static_cast<fw::CloudAgent&>(*net.node("cloud").agent()); }
  // The operator runs the script the console shows; true once the node is activated.
  bool run_script(const std::string& cluster) {
    token = fw::join_token_of(cloud().console().node_script("admin", cluster, "gen-01").value());
    net.node("gen-01").power_on();
    auto* gen = static_cast<GenericNode*>(net.node("gen-01").agent());
    for (int s = 0; s < 400 && !gen->activated; ++s) net.run_for(Duration::seconds(1));
    return gen->activated;
  }
  std::string token;
};

TEST(Activation, GenericNodeJoinsTheSiteClusterWithAPodSubnet) {
  GenericJoin join("s1");
  TestNetwork& net = join.net;
  auto& cloud = join.cloud();
  const fw::Cluster* s1 = cloud.orchestrator()->cluster("s1");
  ASSERT_NE(s1, nullptr);
  EXPECT_EQ(s1->nodes().size(), 2u) << "the boxes only, before the script";
  EXPECT_EQ(cloud.orchestrator()->controller("s1")->scheduler().node("gen-01"), nullptr);
  ASSERT_TRUE(join.run_script("s1"));
  ASSERT_TRUE(s1->nodes().contains("gen-01"));
  EXPECT_EQ(s1->nodes().at("gen-01").pod_subnet.to_string(), "10.42.2.0/24");
  EXPECT_EQ(s1->nodes().at("s1-a").pod_subnet.to_string(), "10.42.0.0/24");
  const auto* node = cloud.orchestrator()->controller("s1")->scheduler().node("gen-01");
  ASSERT_NE(node, nullptr);
  EXPECT_TRUE(node->stateless_only);
  EXPECT_EQ(node->capacity.cpu, 8);
  const auto joined = net.node("cloud").recorded("node.joined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].fields.at("pod_subnet"), "10.42.2.0/24");
  EXPECT_EQ(joined[0].fields.at("type"), "generic");
  // A restarted cloud goes on from its disk: the node is still in the cluster, with its subnet.
  net.node("cloud").power_off();
  net.node("cloud").power_on();
  auto& restarted = static_cast<fw::CloudAgent&>(*net.node("cloud").agent());
  const fw::Cluster* again = restarted.orchestrator()->cluster("s1");
  ASSERT_NE(again, nullptr);
  ASSERT_TRUE(again->nodes().contains("gen-01")) << "a restarted cloud forgot the generic node";
  EXPECT_EQ(again->nodes().at("gen-01").pod_subnet.to_string(), "10.42.2.0/24");
  const auto* kept = restarted.orchestrator()->controller("s1")->scheduler().node("gen-01");
  ASSERT_NE(kept, nullptr);
  EXPECT_TRUE(kept->stateless_only);
}

// Created in another cluster than the one whose LAN its host is on: it activates (the console
// made it a node of s2) but joins no cluster, and the cloud says why.
TEST(Activation, GenericNodeCreatedInAnotherClusterDoesNotJoin) {
  GenericJoin join("s2");
  ASSERT_TRUE(join.run_script("s2"));
  EXPECT_FALSE(join.cloud().orchestrator()->cluster("s1")->nodes().contains("gen-01"));
  EXPECT_EQ(join.cloud().orchestrator()->controller("s1")->scheduler().node("gen-01"), nullptr);
  const auto refused = join.net.node("cloud").recorded("node.join_refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].fields.at("site"), "s2");
  EXPECT_TRUE(join.net.node("cloud").recorded("node.joined").empty());
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

// The cloud crashes after the operator issued the codes (issue 20, item 6): an activated node
// stays running in the node list, and a box that powers on only afterwards activates with the
// code it was given before the crash.
TEST(Activation, CodesAndActivatedNodesSurviveACloudCrash) {
  FactoryFixture f(2);
  f.network.node("cloud").power_on();
  f.network.node("box-100").power_on();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, fw::Duration::seconds(900)));
  ASSERT_EQ(f.status("box-100"), "running");
  f.network.node("cloud").power_off();
  f.network.run_for(fw::Duration::seconds(60));
  f.network.node("cloud").power_on();
  EXPECT_EQ(f.status("box-100"), "running") << "the node list kept its activation";
  EXPECT_EQ(f.status("box-101"), "created");
  f.network.node("box-101").power_on();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-101").running(); }, fw::Duration::seconds(900)));
  EXPECT_EQ(f.status("box-101"), "running");
  EXPECT_TRUE(f.network.node("cloud").recorded("activation.rejected").empty());
  f.network.run_for(fw::Duration::seconds(120));
  EXPECT_EQ(f.status("box-100"), "running");
}

}  // namespace
}  // namespace edgetwin::testing
