// Planning a style-mixing grid: which sources and cells to render, each from
// which cached prefix of layers, in which jobs, and what to keep. Pure and
// torch-free: it sees the model only through its layer map (which ws index
// drives each layer) and the cache only through what it holds, so it works
// for every generator family and is tested without LibTorch.
#pragma once

#include "model/core/model_description.h"

#include <cstddef>
#include <set>
#include <utility>
#include <vector>

namespace stylemix {

// Per layer: true when its ws comes from the column source (B) for these styles.
std::vector<bool> layerFromColumn(const std::vector<SynthesisLayerInfo>& layers, const std::vector<int>& styles);
// Number of leading layers whose ws come from the same source as layer 0.
int sharedPrefix(const std::vector<bool>& from_col);
// Layer counts p where layers p-1 and p are driven by different ws indices.
std::vector<int> wsBoundaries(const std::vector<SynthesisLayerInfo>& layers);

// How images are cut into jobs: on the CPU the first jobs of a request hold one
// image each (something to show quickly), the rest up to job_batch; on CUDA
// whole max_batch batches.
struct JobSizing {
    bool cpu = true;
    int job_batch = 1;
    int max_batch = 32;
    int cpu_threads = 1;
};
std::vector<int> jobSizes(int count, bool first_small, const JobSizing& sizing);

// What the cache holds for one unique source.
struct SourceCacheView {
    bool has_image = false;
    std::set<int> snapshots;   // layer counts with a kept activation snapshot
};

struct MixPlanInput {
    std::vector<SynthesisLayerInfo> layers;
    std::vector<int> row_source;                 // unique-source index of each row
    std::vector<int> col_source;                 // ... of each column
    std::vector<std::vector<int>> row_styles;    // per row: ws indices taken from the column source
    std::vector<SourceCacheView> sources;        // per unique source
    std::vector<std::vector<bool>> cell_cached;  // [row][col]: a finished image is in the cell cache
    // [row][col]: layer counts of the cell's own cached snapshots, valid for this request (may be empty).
    std::vector<std::vector<std::set<int>>> cell_snapshots;
    bool caching = true;                         // false: keep no snapshots beyond what this grid needs
    int keep_resolution = 0;                     // keep boundary snapshots of layers up to this size
    int keep_cell_resolution = 0;                // ... and of cells, up to this size
    int keep_cell_until = 1 << 30;               // ... and at most this layer count (where a knob drag resumes)
    JobSizing sizing;
};

struct CellPlan {
    std::size_t row = 0, col = 0;
    int source = 0;                // unique source whose activations the cell starts from
    int prefix = 0;                // layers shared with it
    std::vector<bool> from_col;    // per layer, for the cell cache key
    int start = 0;                 // layer count it resumes from: prefix, or its own snapshot (own)
    bool own = false;              // resumes from its own cached snapshot (a noise change past the prefix)
    std::set<int> stops;           // layer counts to snapshot on the way (< num_layers)
};

struct SourceJob {
    std::vector<int> sources;      // unique sources rendered together
    int start = 0;                 // layer count they resume from (0 = the initial state)
    std::set<int> stops;           // layer counts to snapshot; num_layers = the image
};

struct CellJob {
    std::vector<int> cells;        // indices into MixPlan::to_render
    int prefix = 0;                // layer count the cells resume from
    std::set<int> deps;            // source jobs whose snapshots it resumes from
    bool own = false;              // from each cell's own snapshot instead of its source's
    std::set<int> stops;           // layer counts to snapshot (kept in the cell cache)
};

struct MixPlan {
    std::vector<CellPlan> to_render;                           // cells to synthesise
    std::vector<CellPlan> copies;                              // cells equal to a source image
    std::vector<std::pair<std::size_t, std::size_t>> cached;   // cells taken from the cell cache
    std::vector<SourceJob> source_jobs;                        // run first, in order
    std::vector<CellJob> cell_jobs;                            // longest prefixes (least work) first
    std::vector<int> job_of_source;                            // per unique source: its source job, -1 = cached
    std::vector<int> slot_of_source;                           // its index within that job
    int sources_reused = 0;                                    // sources needing no synthesis at all
};

MixPlan planMix(const MixPlanInput& input);

}  // namespace stylemix
