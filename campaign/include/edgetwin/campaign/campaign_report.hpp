#pragma once
// `edgetwin report DIR` over a campaign: HTML (comparison table, SVG charts, per-point
// distributions, assertion pass rates, failing seeds with their replay command), CSV and JSON.
#include <string>

#include "edgetwin/campaign/campaign_stats.hpp"

namespace edgetwin::campaign {

// edgetwin.campaign-report/v1 (docs/campaigns.md).
Json campaign_json(const CampaignSummary& summary);
// One row per point: its parameters, run counts, N-1 risk, p50/p95/p99/max of each key metric.
std::string comparison_csv(const CampaignSummary& summary);
// Self-contained HTML (no scripts, no external resources).
std::string campaign_html(const CampaignSummary& summary);
// The charts alone (also embedded in the HTML): one per key metric with values, its p95 with x
// the first --set's values and one line per combination of the others.
std::string comparison_charts(const CampaignSummary& summary);

}  // namespace edgetwin::campaign
