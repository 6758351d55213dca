#pragma once
// A factory start's first deployment, site by site (docs/rollout.md, "First deployment"): where
// each site's time went from the start of the install schedule until its apps serve, from the
// twin's `site.installed`, the cloud's `node.status`, `rollout.site` and `app.converged` events.
// Phases (each a distribution with p50/p95/p99/max and by_site):
//   site_install_wait_s  schedule start -> the site's boxes power on (installers' pace)
//   site_activation_s    power on -> every box of the site activated (first boot, bind code,
//                        the cloud's rate limit, initialisation)
//   site_queue_s         activated -> the rollout orders the site (the canary, download slots)
//   site_download_s      ordered -> every image on site
//   site_install_s       images on site -> every app of the site deployed and serving
//   site_serving_s       power on -> serving (the sum of the four above)
// and `sites_serving`, `fleet_serving_s` (schedule start -> the last site serving; null while
// a site does not serve) and `fleet_serving_days`. Absent unless the run starts at the factory.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_first_deployment_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
