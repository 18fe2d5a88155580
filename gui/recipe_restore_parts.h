// The steps every recipe restore shares (recipe_restore.cpp, and the view
// recipes of recipe_restore_views.cpp): placing a source in the grid, the
// noise, truncation, selecting a subject, and the one wording of a refusal.
// Internal to those two files. UI thread; no GL.
#pragma once

#include "gui/recipe_restore.h"

#include <string>

namespace stylemix::gui::restore {

// Throws std::runtime_error "recipe field '<field>' <what>".
[[noreturn]] void misfit(const std::string& field, const std::string& what);

// The index of `s` in `list`, inserted at the front when absent (the last
// source drops out past SourcesState::kMaxSources).
int placeSource(SeedList& list, const Source& s);

// The noise panel as `spec` asks: its mode, seed and per-layer strengths (master 1).
void setNoise(NoiseState& noise, const NoiseSpec& spec, const ModelFacts& f);
void setTruncation(SourcesState& sources, const Truncation& t);

// A subject goes into the grid (found, or put at the front) with its
// truncation, input transform and, for a cell, the ws it takes from B (the
// cell's row's when the crossover is per row); the lab's selection is it.
void selectSubject(const LabSubject& s, const ModelFacts& f, RestoreTargets& t);

}  // namespace stylemix::gui::restore
