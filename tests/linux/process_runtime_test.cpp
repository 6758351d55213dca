#include "edgetwin/linux/process_runtime.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace edgetwin::linux_box {
namespace {

using fw::ContainerState;
using fw::ProbeKind;
using fw::ProbeResult;

AppLaunch app(std::string name, std::vector<std::string> command) {
  AppLaunch a;
  a.spec.name = std::move(name);
  a.spec.app = a.spec.name;
  a.command = std::move(command);
  return a;
}

class ProcessRuntimeTest : public ::testing::Test {
 protected:
  ProcessRuntime make(std::vector<AppLaunch> apps,
                      fw::Duration probe_timeout = fw::Duration::seconds(1)) {
    return ProcessRuntime(RuntimeConfig{"box-t", log_dir_, std::move(apps), probe_timeout},
                          CgroupLimits("edgetwin-test", "/nonexistent"),
                          [this](std::string_view kind, nlohmann::ordered_json f) {
                            events_.push_back(std::string(kind) + " " + f.dump());
                          });
  }
  // Reaps until `done` or about two seconds have passed (SIGCHLD is not routed in a test).
  template <class Done>
  void reap_until(ProcessRuntime& rt, Done done) {
    for (int i = 0; i < 200 && !done(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      rt.reap();
    }
  }
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "edgetwin-rt-XXXXXX").string();
    log_dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(log_dir_); }
  std::string log_dir_;
  std::vector<std::string> events_;
};

TEST_F(ProcessRuntimeTest, StartsListsAndStopsAContainer) {
  auto rt = make({app("web-0", {"sleep", "30"}), app("db-0", {"sleep", "30"})});
  rt.start({.name = "web-0", .app = "web-0"});
  rt.start({.name = "db-0", .app = "db-0"});
  auto listed = rt.containers();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].spec.name, "db-0");  // sorted by name
  EXPECT_EQ(listed[1].state, ContainerState::running);
  EXPECT_EQ(rt.probe("web-0", ProbeKind::liveness), ProbeResult::ok);  // no probe: alive is ok
  rt.stop("web-0");
  ASSERT_EQ(rt.containers().size(), 1u);
  EXPECT_EQ(rt.probe("web-0", ProbeKind::liveness), ProbeResult::failed);  // not deployed
  EXPECT_FALSE(rt.limits().available());
}

TEST_F(ProcessRuntimeTest, AnExitedContainerIsFailedUntilRestarted) {
  auto rt = make({app("crash-0", {"sh", "-c", "exit 3"})});
  rt.start({.name = "crash-0", .app = "crash-0"});
  reap_until(rt, [&] { return rt.containers()[0].state == ContainerState::failed; });
  EXPECT_EQ(rt.containers()[0].state, ContainerState::failed);
  EXPECT_EQ(rt.probe("crash-0", ProbeKind::liveness), ProbeResult::failed);
  ASSERT_FALSE(events_.empty());
  EXPECT_NE(events_.back().find("container.exit"), std::string::npos);
  EXPECT_NE(events_.back().find("\"exit_code\":3"), std::string::npos);
  rt.stop("crash-0");
  rt.start({.name = "crash-0", .app = "crash-0"});  // the firmware's restart: stop + start
  EXPECT_EQ(rt.containers()[0].state, ContainerState::running);
}

TEST_F(ProcessRuntimeTest, AnUnknownAppCannotStart) {
  auto rt = make({});
  rt.start({.name = "ghost-0", .app = "ghost"});
  EXPECT_EQ(rt.containers()[0].state, ContainerState::failed);
  EXPECT_NE(events_.back().find("no command configured"), std::string::npos);
}

TEST_F(ProcessRuntimeTest, TcpProbeAnswersWhetherThePortListens) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  const auto port = ntohs(sa.sin_port);
  EXPECT_EQ(probe_tcp(port, 100), ProbeResult::ok);
  close(fd);
  EXPECT_EQ(probe_tcp(port, 100), ProbeResult::failed);
}

TEST_F(ProcessRuntimeTest, CommandProbesRunAsynchronouslyAndTimeOut) {
  auto ok = app("ok-0", {"sleep", "30"});
  ok.probe_command = {"true"};
  auto bad = app("bad-0", {"sleep", "30"});
  bad.probe_command = {"false"};
  auto hung = app("hung-0", {"sleep", "30"});
  hung.probe_command = {"sleep", "30"};
  auto rt = make({ok, bad, hung}, fw::Duration::milliseconds(100));
  for (const auto& a : {ok, bad, hung}) rt.start(a.spec);
  // Before a run finished: ok (a container not yet probed counts as healthy).
  EXPECT_EQ(rt.probe("bad-0", ProbeKind::liveness), ProbeResult::ok);
  EXPECT_EQ(rt.probe("hung-0", ProbeKind::liveness), ProbeResult::ok);
  EXPECT_EQ(rt.probe("ok-0", ProbeKind::liveness), ProbeResult::ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  rt.reap();
  EXPECT_EQ(rt.probe("bad-0", ProbeKind::readiness), ProbeResult::failed);
  EXPECT_EQ(rt.probe("ok-0", ProbeKind::readiness), ProbeResult::ok);
  EXPECT_EQ(rt.probe("hung-0", ProbeKind::liveness), ProbeResult::timed_out);
}

}  // namespace
}  // namespace edgetwin::linux_box
