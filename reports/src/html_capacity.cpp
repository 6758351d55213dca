// The Capacity section: fleet totals, the N-1 check, the most loaded sites and boxes.
#include <algorithm>
#include <sstream>

#include "edgetwin/reports/html_report.hpp"
#include "html_sections.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

double worst(const Resources& r) { return std::max({r.cpus, r.memory_gib, r.gpus}); }

std::string triple(const Resources& r) {
  return format_number(r.cpus) + " CPU / " + format_number(r.memory_gib) + " GiB / " +
         format_number(r.gpus) + " GPU";
}

std::string totals_table(const CapacityReport& c) {
  const Resources share = ratio(c.requests, c.capacity);
  const Resources over = ratio(c.limits, c.capacity);
  std::string out = "<table>\n" + html_row({"resource", "capacity", "requests", "limits",
                                            "requests / capacity", "overcommit (limits / capacity)"},
                                           "th");
  auto row = [&](const char* name, double cap, double req, double lim, double sh, double ov) {
    out += html_row({name, format_number(cap), format_number(req), format_number(lim),
                     format_percent(sh), format_number(ov, 2)});
  };
  row("CPUs", c.capacity.cpus, c.requests.cpus, c.limits.cpus, share.cpus, over.cpus);
  row("memory (GiB)", c.capacity.memory_gib, c.requests.memory_gib, c.limits.memory_gib,
      share.memory_gib, over.memory_gib);
  row("GPUs", c.capacity.gpus, c.requests.gpus, c.limits.gpus, share.gpus, over.gpus);
  return out + "</table>\n";
}

int unplaced_replicas(const CapacityReport& c) {
  int total = 0;
  for (const auto& s : c.sites) total += s.unplaced_replicas;
  return total;
}

std::string n1_table(const CapacityReport& c) {
  std::ostringstream out;
  out << "<p><strong>N-1:</strong> " << c.n1_ok_sites() << " of " << c.sites.size()
      << " sites can hold the requests of all their replicas with their largest box down; "
      << (c.n1_risk_sites() ? "<strong class=\"bad\">" : "<strong class=\"ok\">")
      << c.n1_risk_sites() << " at risk</strong>.</p>\n";
  if (const int unplaced = unplaced_replicas(c); unplaced > 0)
    out << "<p><strong class=\"bad\">" << unplaced
        << " replicas fit on no box even with every box up</strong>: the simulator does not "
           "start them (event service.unplaced at t=0); their sites count as at risk.</p>\n";
  if (c.n1_risk_sites() == 0) return out.str();
  out << "<table>\n"
      << html_row({"site", "box assumed down", "requests", "remaining capacity",
                   "short CPUs", "short memory (GiB)", "short GPUs"}, "th");
  std::size_t shown = 0;
  for (const auto& s : c.sites) {
    if (s.ok() || ++shown > kTopRows) continue;
    out << html_row({s.site, s.largest_box, triple(s.requests), triple(s.remaining),
                     format_number(s.shortfall.cpus), format_number(s.shortfall.memory_gib),
                     format_number(s.shortfall.gpus)});
  }
  out << "</table>\n";
  if (shown > kTopRows) out << "<p class=\"note\">First " << kTopRows << " of " << shown
                            << " sites at risk; all are in n1_sites.csv.</p>\n";
  return out.str();
}

std::string load_chart(const CapacityReport& c, std::size_t fleet) {
  std::vector<const SiteN1*> sites;
  for (const auto& s : c.sites) sites.push_back(&s);
  std::stable_sort(sites.begin(), sites.end(), [](auto* a, auto* b) {
    return worst(a->request_share()) > worst(b->request_share());
  });
  if (sites.size() > kTopRows) sites.resize(kTopRows);
  std::vector<Bar> bars;
  for (const auto* s : sites) {
    const Resources sh = s->request_share();
    bars.push_back({s->site, worst(sh) * 100, !s->ok(),
                    s->site + ": CPU " + format_percent(sh.cpus) + ", memory " +
                        format_percent(sh.memory_gib) + ", GPU " + format_percent(sh.gpus)});
  }
  return "<figure>" + bar_chart("site-load-" + std::to_string(fleet), bars, "%") +
         "<figcaption>Requests as a share of site capacity (the most used resource), the " +
         std::to_string(bars.size()) +
         " most loaded sites. Red: the site fails the N-1 check.</figcaption></figure>\n";
}

std::string box_table(const CapacityReport& c) {
  std::vector<const BoxLoad*> boxes;
  for (const auto& b : c.boxes) boxes.push_back(&b);
  std::stable_sort(boxes.begin(), boxes.end(), [](auto* a, auto* b) {
    return worst(a->overcommit()) > worst(b->overcommit());
  });
  if (boxes.size() > kTopRows) boxes.resize(kTopRows);
  std::string out = "<table>\n" + html_row({"site", "box", "replicas", "capacity", "requests",
                                            "limits", "overcommit CPU", "overcommit memory",
                                            "overcommit GPU"}, "th");
  for (const auto* b : boxes) {
    const Resources over = b->overcommit();
    out += html_row({b->site, b->box, std::to_string(b->replicas), triple(b->capacity),
                     triple(b->requests), triple(b->limits), format_number(over.cpus, 2),
                     format_number(over.memory_gib, 2), format_number(over.gpus, 2)});
  }
  return out + "</table>\n<p class=\"note\">The " + std::to_string(boxes.size()) + " of " +
         std::to_string(c.boxes.size()) +
         " boxes with the highest overcommit; all are in capacity_boxes.csv.</p>\n";
}

}  // namespace

std::string capacity_section(const Report& report) {
  std::string out = "<section id=\"capacity\">\n<h2>Capacity</h2>\n<p class=\"note\">Replicas "
                    "placed as the simulator starts them (the firmware's scheduler: higher priorities "
                    "first, replicas of an app on different boxes, least allocated box first). "
                    "Requests are guaranteed; limits are what the replicas may use at most.</p>\n";
  for (std::size_t i = 0; i < report.fleets.size(); ++i) {
    const auto& fleet = report.fleets[i];
    out += "<h3>Fleet " + html_escape(fleet.capacity.fleet_name) + "</h3>\n<p class=\"note\">" +
           html_escape(fleet.source) + ": " + std::to_string(fleet.capacity.sites.size()) +
           " sites, " + std::to_string(fleet.capacity.boxes.size()) + " boxes</p>\n";
    out += totals_table(fleet.capacity) + n1_table(fleet.capacity) + load_chart(fleet.capacity, i) +
           box_table(fleet.capacity) + capacity_day_html(fleet, i);
  }
  return out + "</section>\n";
}

}  // namespace edgetwin::reports
