#pragma once
// Transparent huge pages for the twin's heap.
//
// Why: a fleet's firmware state is hundreds of MB of small objects (4,000 sites: about 700 MB),
// and each datagram wakes a box whose state was last touched thousands of events ago. With 4 KiB
// pages nearly every such touch also misses the TLB; with 2 MiB pages the whole heap fits the
// TLB. That is most of why the cost per datagram grew with the fleet (docs/simulation.md,
// "Fleets of 4,000 sites").
//
// How: glibc (2.35 on) backs malloc's heap with huge pages only when GLIBC_TUNABLES says
// `glibc.malloc.hugetlb=1`, read once at start-up. So a program that wants them sets the
// tunable and executes itself again, before it has done anything else. The machine's
// /sys/kernel/mm/transparent_hugepage/enabled must be `madvise` or `always` (Debian's default is
// `madvise`); with `never` the tunable changes nothing. EDGETWIN_HUGE_PAGES=0 turns it off.

namespace edgetwin::sim {

// Call first thing in main(). Returns only if the process already runs with the tunable, if it
// is turned off, or if executing itself failed (then it runs on, with 4 KiB pages).
void ensure_huge_page_heap(char** argv);

}  // namespace edgetwin::sim
