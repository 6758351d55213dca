#pragma once
// The report's tables as CSV files (RFC 4180: comma separated, CRLF line ends, fields with a
// comma, quote or line break quoted with doubled quotes), one table per file:
// capacity_boxes.csv, n1_sites.csv, capacity_box_day.csv, n1_peak_sites.csv, ha_by_site.csv,
// assertions.csv.
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {

std::string csv_field(const std::string& value);
std::string csv_line(const std::vector<std::string>& fields);

struct CsvTable {
  std::string file_name;
  std::string text;
};

std::vector<CsvTable> csv_tables(const Report& report);

}  // namespace edgetwin::reports
