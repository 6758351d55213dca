// Measures what the twin's real-timing model needs from the loop edgeboxd runs
// (docs/simulation.md, "Real timing"): how late a firmware timer fires through the EventLoop
// (timerfd + epoll, then the driver), and how long one UDP send takes, so that two datagrams
// sent in one wake-up leave microseconds apart as on a box. Prints percentiles as JSON.
//   loop_timing_probe [timers] [sends]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "edgetwin/linux/event_loop.hpp"

namespace {

using edgetwin::fw::Duration;
using edgetwin::fw::Time;
using edgetwin::linux_box::EventLoop;
using edgetwin::linux_box::monotonic_now;

void print_percentiles(const char* name, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))];
  };
  std::printf(
      "  \"%s\": {\"samples\": %zu, \"min\": %.1f, \"p10\": %.1f, \"p50\": %.1f, \"p90\": %.1f, "
      "\"p99\": %.1f, \"p999\": %.1f, \"max\": %.1f}",
      name, us.size(), us.front(), at(0.1), at(0.5), at(0.9), at(0.99), at(0.999), us.back());
}

}  // namespace

int main(int argc, char** argv) {
  const int timers = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int sends = argc > 2 ? std::atoi(argv[2]) : 20000;
  EventLoop loop;
  std::mt19937 pick(1);  // deadlines 1 to 20 ms ahead, as the firmware's timers are
  std::uniform_int_distribution<int> ahead_us(1000, 20000);
  std::vector<double> late_us;
  for (int i = 0; i < timers; ++i) {
    const Time deadline = monotonic_now() + Duration::nanoseconds(1000LL * ahead_us(pick));
    loop.set_deadline(deadline);
    while (monotonic_now() < deadline) loop.run_once();
    late_us.push_back(static_cast<double>((monotonic_now() - deadline).count_ns()) / 1000.0);
  }
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(9);  // discard: nobody needs to listen for a send to complete
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  char payload[120] = {};
  std::vector<double> send_us;
  for (int i = 0; i < sends; ++i) {
    const Time before = monotonic_now();
    sendto(fd, payload, sizeof payload, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    send_us.push_back(static_cast<double>((monotonic_now() - before).count_ns()) / 1000.0);
  }
  close(fd);
  std::printf("{\n");
  print_percentiles("timer_late_us", late_us);
  std::printf(",\n");
  print_percentiles("udp_send_us", send_us);
  std::printf("\n}\n");
}
