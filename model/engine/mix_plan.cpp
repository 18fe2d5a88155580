#include "model/engine/mix_plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

namespace stylemix {

std::vector<bool> layerFromColumn(const std::vector<SynthesisLayerInfo>& layers, const std::vector<int>& styles) {
    const std::set<int> s(styles.begin(), styles.end());
    std::vector<bool> out;
    for (const auto& l : layers) out.push_back(s.count(l.ws_index) > 0);
    return out;
}

int sharedPrefix(const std::vector<bool>& from_col) {
    int p = 0;
    while (p < static_cast<int>(from_col.size()) && from_col[static_cast<size_t>(p)] == from_col[0]) ++p;
    return p;
}

std::vector<int> wsBoundaries(const std::vector<SynthesisLayerInfo>& layers) {
    std::vector<int> out;
    for (size_t p = 1; p < layers.size(); ++p)
        if (layers[p - 1].ws_index != layers[p].ws_index) out.push_back(static_cast<int>(p));
    return out;
}

std::vector<int> jobSizes(int count, bool first_small, const JobSizing& sizing) {
    std::vector<int> sizes;
    if (count <= 0) return sizes;
    const int jb = sizing.cpu ? std::max(1, std::min(sizing.job_batch, sizing.max_batch)) : std::max(1, sizing.max_batch);
    int rest = count;
    if (sizing.cpu && first_small && jb > 1) {
        const int small = std::min(std::max(1, sizing.cpu_threads), count);
        for (int i = 0; i < small; ++i) sizes.push_back(1);
        rest -= small;
    }
    if (rest > 0) {
        const int k = (rest + jb - 1) / jb;
        for (int i = 0; i < k; ++i) sizes.push_back(rest / k + (i < rest % k ? 1 : 0));
    }
    return sizes;
}

namespace {

// Cells: cached, equal to a source, or resumed from a source's snapshot.
// Returns, per unique source, the snapshot layer counts its cells need.
// Where a rendered cell starts: its latest own snapshot past the prefix, else
// the prefix; and the boundary snapshots it keeps on the way.
void planCellStart(const MixPlanInput& in, CellPlan& cell) {
    cell.start = cell.prefix;
    if (in.caching && cell.row < in.cell_snapshots.size() && cell.col < in.cell_snapshots[cell.row].size()) {
        const std::set<int>& own = in.cell_snapshots[cell.row][cell.col];
        if (!own.empty() && *own.rbegin() > cell.prefix) {
            cell.start = *own.rbegin();
            cell.own = true;
        }
    }
    if (!in.caching) return;
    for (int p : wsBoundaries(in.layers))
        if (p > cell.start && p <= in.keep_cell_until && in.layers[static_cast<size_t>(p - 1)].resolution <= in.keep_cell_resolution)
            cell.stops.insert(p);
}

std::vector<std::set<int>> planCells(const MixPlanInput& in, MixPlan& plan) {
    const int L = static_cast<int>(in.layers.size());
    std::vector<std::set<int>> needed(in.sources.size());
    for (size_t r = 0; r < in.row_source.size(); ++r) {
        const std::vector<bool> from_col = layerFromColumn(in.layers, in.row_styles.at(r));
        const int p = sharedPrefix(from_col);
        for (size_t c = 0; c < in.col_source.size(); ++c) {
            const int src = !from_col.empty() && from_col[0] ? in.col_source[c] : in.row_source[r];
            CellPlan cell;
            cell.row = r;
            cell.col = c;
            cell.source = src;
            cell.prefix = p;
            cell.from_col = from_col;
            if (p >= L) {
                plan.copies.push_back(std::move(cell));
            } else if (in.caching && in.cell_cached.at(r).at(c)) {
                plan.cached.push_back({r, c});
            } else {
                planCellStart(in, cell);
                if (!cell.own) needed[static_cast<size_t>(src)].insert(p);
                plan.to_render.push_back(std::move(cell));
            }
        }
    }
    return needed;
}

// Sources: whatever each lacks (image, snapshots), resumed from its latest
// kept snapshot; every boundary snapshot up to keep_resolution is kept on the
// way. Sources sharing (start, stops) are batched, in request order.
void planSources(const MixPlanInput& in, const std::vector<std::set<int>>& needed, MixPlan& plan) {
    const int L = static_cast<int>(in.layers.size());
    const std::vector<int> boundaries = wsBoundaries(in.layers);
    std::map<std::pair<int, std::set<int>>, std::vector<int>> groups;
    std::vector<std::pair<int, std::set<int>>> order;
    for (size_t u = 0; u < in.sources.size(); ++u) {
        const SourceCacheView& have = in.sources[u];
        std::set<int> missing;
        for (int p : needed[u])
            if (!have.snapshots.count(p)) missing.insert(p);
        if (!have.has_image) missing.insert(L);
        if (missing.empty()) {
            ++plan.sources_reused;
            continue;
        }
        int start = 0;
        for (int p : have.snapshots)
            if (p <= *missing.begin()) start = p;
        std::set<int> stops = missing;
        if (in.caching)
            for (int p : boundaries)
                if (p > start && p <= *missing.rbegin() &&
                    in.layers[static_cast<size_t>(p - 1)].resolution <= in.keep_resolution)
                    stops.insert(p);
        auto key = std::make_pair(start, stops);
        if (!groups.count(key)) order.push_back(key);
        groups[key].push_back(static_cast<int>(u));
    }
    for (const auto& key : order) {
        const auto& items = groups[key];
        size_t at = 0;
        for (int size : jobSizes(static_cast<int>(items.size()), /*first_small=*/true, in.sizing)) {
            plan.source_jobs.push_back({std::vector<int>(items.begin() + static_cast<long>(at),
                                                         items.begin() + static_cast<long>(at) + size),
                                        key.first, key.second});
            at += static_cast<size_t>(size);
        }
    }
    plan.job_of_source.assign(in.sources.size(), -1);
    plan.slot_of_source.assign(in.sources.size(), -1);
    for (size_t j = 0; j < plan.source_jobs.size(); ++j)
        for (size_t i = 0; i < plan.source_jobs[j].sources.size(); ++i) {
            const auto u = static_cast<size_t>(plan.source_jobs[j].sources[i]);
            plan.job_of_source[u] = static_cast<int>(j);
            plan.slot_of_source[u] = static_cast<int>(i);
        }
}

// Cell jobs, grouped by start (and whence, and stops); the latest starts (least work) first.
void planCellJobs(const MixPlanInput& in, MixPlan& plan) {
    using Group = std::tuple<int, bool, std::set<int>>;   // start, own, stops
    std::map<Group, std::vector<int>, std::greater<Group>> by_start;
    for (size_t i = 0; i < plan.to_render.size(); ++i) {
        const CellPlan& c = plan.to_render[i];
        by_start[Group{c.start, c.own, c.stops}].push_back(static_cast<int>(i));
    }
    bool first = true;
    for (const auto& [group_key, group] : by_start) {
        size_t at = 0;
        for (int size : jobSizes(static_cast<int>(group.size()), first, in.sizing)) {
            CellJob job{std::vector<int>(group.begin() + static_cast<long>(at), group.begin() + static_cast<long>(at) + size),
                        std::get<0>(group_key), {}, std::get<1>(group_key), std::get<2>(group_key)};
            for (int i : job.cells) {
                const int sj = plan.job_of_source[static_cast<size_t>(plan.to_render[static_cast<size_t>(i)].source)];
                if (sj >= 0 && !job.own) job.deps.insert(sj);
            }
            plan.cell_jobs.push_back(std::move(job));
            at += static_cast<size_t>(size);
        }
        first = false;
    }
}

}  // namespace

MixPlan planMix(const MixPlanInput& input) {
    MixPlan plan;
    const std::vector<std::set<int>> needed = planCells(input, plan);
    planSources(input, needed, plan);
    planCellJobs(input, plan);
    return plan;
}

}  // namespace stylemix
