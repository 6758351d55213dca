// The capacity section's "Use over the day": the fleet's use per hour, the sites whose peak
// use does not fit their N-1 capacity, and the boxes at their peak hour against their
// requests and limits (capacity_day.hpp).
#include <algorithm>
#include <sstream>

#include "html_sections.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

std::string hour_label(int hour) { return (hour < 10 ? "0" : "") + std::to_string(hour) + ":00"; }

std::string pair(double use, double of) {
  return format_number(use, 1) + " / " + format_number(of, 1);
}

double peak_share(const BoxDay& b) {
  const Resources r = ratio(b.peak_use(), b.capacity);
  return std::max(r.cpus, r.memory_gib);
}

std::string quietest(const BoxDay& b) {
  std::size_t low = 0;
  for (std::size_t h = 1; h < b.use.size(); ++h)
    if (b.use[h].cpus < b.use[low].cpus) low = h;
  return hour_label(static_cast<int>(low)) + ": " + format_number(b.use[low].cpus, 1);
}

std::string fleet_chart(const CapacityDay& day, std::size_t index) {
  std::vector<Bar> bars;
  for (int h = 0; h < model::kHoursPerDay; ++h) {
    const Resources& u = day.fleet_use[static_cast<std::size_t>(h)];
    const Resources share = ratio(u, day.fleet_capacity);
    bars.push_back({hour_label(h), share.cpus * 100, h == day.fleet_peak_hour,
                    hour_label(h) + ": CPU " + format_percent(share.cpus) + ", memory " +
                        format_percent(share.memory_gib)});
  }
  return "<figure>" + bar_chart("fleet-use-by-hour-" + std::to_string(index), bars, "%") +
         "<figcaption>The fleet's simulated CPU use at each hour of the day, as a share of its "
         "CPUs. Red: the peak hour.</figcaption></figure>\n";
}

std::string peak_sites(const CapacityDay& day) {
  std::ostringstream out;
  out << "<p><strong>N-1 at peak use:</strong> "
      << (day.peak_risk_sites() ? "<strong class=\"bad\">" : "<strong class=\"ok\">")
      << day.peak_risk_sites() << " of " << day.sites.size()
      << " sites</strong> want more at their peak hour than their capacity with the largest box "
         "down";
  if (day.peak_risk_sites() > 0)
    out << "; <strong class=\"bad\">" << day.peak_risk_sites_requests_fit()
        << "</strong> of them pass the N-1 check on requests (their apps would be throttled or "
           "OOM-killed at the peak after a box loss)";
  out << ".</p>\n";
  if (day.peak_risk_sites() == 0) return out.str();
  out << "<table>\n"
      << html_row({"peak hour", "site", "peak want CPU / N-1 CPUs", "peak want memory / N-1 (GiB)",
                   "short CPUs", "short memory (GiB)", "requests fit N-1"},
                  "th");
  std::size_t shown = 0;
  for (const auto& s : day.sites) {
    if (s.peak_fits_n1() || ++shown > kTopRows) continue;
    const Resources peak = s.peak_want();
    out << html_row(
        {hour_label(s.peak_hour), s.site, pair(peak.cpus, s.n1_capacity.cpus),
         pair(peak.memory_gib, s.n1_capacity.memory_gib), format_number(s.peak_shortfall.cpus, 2),
         format_number(s.peak_shortfall.memory_gib, 2), s.requests_fit_n1 ? "yes" : "no"});
  }
  out << "</table>\n";
  if (shown > kTopRows)
    out << "<p class=\"note\">First " << kTopRows << " of " << shown
        << " sites; all are in n1_peak_sites.csv.</p>\n";
  return out.str();
}

std::string box_table(const CapacityDay& day) {
  std::vector<const BoxDay*> boxes;
  for (const auto& b : day.boxes) boxes.push_back(&b);
  std::stable_sort(boxes.begin(), boxes.end(),
                   [](auto* a, auto* b) { return peak_share(*a) > peak_share(*b); });
  if (boxes.size() > kTopRows) boxes.resize(kTopRows);
  std::string out =
      "<table>\n" +
      html_row({"peak hour", "site", "box", "CPU use / requests / limits / CPUs",
                "memory use / requests / limits / size (GiB)", "quietest hour: CPU use"},
               "th");
  for (const auto* b : boxes) {
    const Resources peak = b->peak_use();
    auto four = [](double use, double req, double lim, double cap) {
      return format_number(use, 1) + " / " + format_number(req, 1) + " / " + format_number(lim, 1) +
             " / " + format_number(cap, 1);
    };
    out += html_row({hour_label(b->peak_hour), b->site, b->box,
                     four(peak.cpus, b->requests.cpus, b->limits.cpus, b->capacity.cpus),
                     four(peak.memory_gib, b->requests.memory_gib, b->limits.memory_gib,
                          b->capacity.memory_gib),
                     quietest(*b)});
  }
  return out + "</table>\n<p class=\"note\">The " + std::to_string(boxes.size()) + " of " +
         std::to_string(day.boxes.size()) +
         " boxes with the highest use at their peak hour (CPU or memory share); every box's 24 "
         "hours are in capacity_box_day.csv, its peak hour first.</p>\n";
}

}  // namespace

std::string capacity_day_html(const FleetSection& fleet, std::size_t index) {
  const CapacityDay& day = fleet.day;
  const Resources peak = day.fleet_use[static_cast<std::size_t>(day.fleet_peak_hour)];
  const Resources share = ratio(peak, day.fleet_capacity);
  return "<h4 id=\"use-over-the-day-" + std::to_string(index) +
         "\">Use over the day</h4>\n<p class=\"note\">Simulated use of the replicas placed as "
         "above, at each hour of the day (the apps' <code>use</code> profiles; CPU shared on each "
         "box as the twin shares it: requests first, the idle rest lent up to the limits).</p>\n"
         "<p><strong>Peak hour " +
         hour_label(day.fleet_peak_hour) + ":</strong> CPU " + format_number(peak.cpus, 1) +
         " of " + format_number(day.fleet_capacity.cpus, 1) + " (" + format_percent(share.cpus) +
         "), memory " + format_number(peak.memory_gib, 1) + " of " +
         format_number(day.fleet_capacity.memory_gib, 1) + " GiB (" +
         format_percent(share.memory_gib) + ").</p>\n" + peak_sites(day) + box_table(day) +
         fleet_chart(day, index);
}

}  // namespace edgetwin::reports
