#include "gui/panels/export_panel.h"

#include "model/core/figures.h"
#include "model/core/influence_figure.h"
#include "model/core/lab_figures.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/layer_figure.h"
#include "model/core/strip_figure.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace stylemix::gui {

const char* exportKindName(ExportKind kind) {
    switch (kind) {
    case ExportKind::Grid: return "mix grid";
    case ExportKind::NoiseLab: return "noise-lab figure";
    case ExportKind::StdDev: return "std-dev map";
    case ExportKind::Strip: return "interpolation strip";
    case ExportKind::Layer: return "layer view";
    case ExportKind::NoiseByLayer: return "noise by layer";
    case ExportKind::Influence: return "influence maps";
    }
    return "?";
}

bool canExport(ExportKind kind, const ExportSources& s) {
    if (!s.facts) return false;
    if (kind == ExportKind::Grid) return s.mix && s.mix_request && !s.mix->row_images.empty();
    if (kind == ExportKind::Strip) return s.strip && s.strip_request && !s.strip->images.empty();
    if (kind == ExportKind::Layer) return s.layer && s.layer_request && !s.layer->panels.empty();
    if (kind == ExportKind::Influence) return s.influence && s.influence_spec && !s.influence->cells.empty();
    if (kind == ExportKind::NoiseByLayer)
        return s.noise_by_layer && s.noise_by_layer_request && !s.noise_by_layer->layers.empty();
    return s.lab && s.lab_request && !s.lab->realisations.empty();
}

Image composeGridExport(const MixResult& mix, const Recipe& recipe) {
    return composeScaledMixGrid(mix, *recipe.mix, recipe.labels, recipe.grid_scale);
}

std::string labExportUnavailableReason(const ExportSources& sources) {
    if (canExport(ExportKind::NoiseLab, sources)) return {};
    if (sources.facts && !sources.facts->hasNoise())
        return "No noise figures: " + (sources.facts->family_label.empty() ? std::string("this model") : sources.facts->family_label) +
               " has no noise inputs, so the noise lab is off for this model.";
    return "Open a face in the noise lab to export its figures.";
}

Recipe makeRecipe(ExportKind kind, const ExportSources& s, bool labels, int zoom, int scale) {
    Recipe r;
    r.kind = kind == ExportKind::Grid       ? RecipeKind::MixGrid
             : kind == ExportKind::NoiseLab ? RecipeKind::NoiseLab
             : kind == ExportKind::Strip    ? RecipeKind::Interpolation
             : kind == ExportKind::Layer    ? RecipeKind::Layer
             : kind == ExportKind::Influence ? RecipeKind::Influence
             : kind == ExportKind::NoiseByLayer ? RecipeKind::NoiseByLayer
                                            : RecipeKind::StdDev;
    if (s.facts) {
        r.model_family = s.facts->family;
        r.model_path = s.facts->path;
        r.model_sha256 = s.facts->sha256;
        r.learned_strengths = s.facts->noise_strengths;
    }
    if (kind == ExportKind::Strip) {
        if (s.strip_request) r.interpolation = *s.strip_request;
    } else if (kind == ExportKind::Layer) {
        if (s.layer_request) r.layer = *s.layer_request;
    } else if (kind == ExportKind::Influence) {
        if (s.influence_spec) r.influence = *s.influence_spec;
    } else if (kind == ExportKind::NoiseByLayer) {
        if (s.noise_by_layer_request) r.noise_by_layer = *s.noise_by_layer_request;
    } else if (kind == ExportKind::Grid) {
        if (s.mix_request) r.mix = *s.mix_request;
        r.labels = labels;
        r.grid_scale = std::clamp(scale, 1, 8);
    } else {
        if (s.lab_request) {
            r.lab = *s.lab_request;
            r.lab->stddev_gain = s.stddev_gain;
        }
        if (kind == ExportKind::NoiseLab) {
            r.crop = s.crop;
            r.zoom = zoom;
            r.difference_gain = s.difference_gain;
        }
        if (kind == ExportKind::StdDev) r.stddev_scale = std::clamp(scale, 1, 8);
    }
    return r;
}

std::string suggestExportPath(const std::string& dir, ExportKind kind) {
    const char* stem = kind == ExportKind::Grid       ? "grid"
                       : kind == ExportKind::NoiseLab ? "noiselab"
                       : kind == ExportKind::Strip    ? "strip"
                       : kind == ExportKind::Layer    ? "layer"
                       : kind == ExportKind::Influence ? "influence"
                       : kind == ExportKind::NoiseByLayer ? "noisebylayer"
                                                      : "stddev";
    const std::filesystem::path base = dir.empty() ? std::filesystem::current_path() : std::filesystem::path(dir);
    for (int i = 1;; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "stylemix-%s-%03d.png", stem, i);
        const auto candidate = base / name;
        std::error_code ec;
        if (!std::filesystem::exists(candidate, ec) || i >= 999) return candidate.string();
    }
}

void startExport(ExportState& state, const ExportSources& s) {
    if (!canExport(state.kind, s)) return;
    const Recipe recipe =
        makeRecipe(state.kind, s, state.labels, state.zoom, state.kind == ExportKind::StdDev ? state.stddev_scale : state.scale);
    const ExportKind kind = state.kind;
    // Copies: the UI keeps replacing its results while this runs.
    std::optional<MixResult> mix;
    std::optional<NoiseLabResult> lab;
    std::optional<NoiseByLayerResult> by_layer;
    std::vector<Image> frames;
    std::optional<LayerResult> layer;
    if (kind == ExportKind::Grid) mix = *s.mix;
    else if (kind == ExportKind::Influence) mix = *s.influence;   // its tiles are shared, not copied
    else if (kind == ExportKind::Strip) frames = s.strip->images;
    else if (kind == ExportKind::Layer) layer = *s.layer;
    else if (kind == ExportKind::NoiseByLayer) by_layer = *s.noise_by_layer;
    else lab = *s.lab;
    std::string path = state.path;
    if (std::filesystem::path(path).extension() != ".png") path += ".png";
    state.path = path;
    queueExportJob(state, path, "exporting",
                   [path, kind, recipe, by_layer = std::move(by_layer), mix = std::move(mix), lab = std::move(lab),
                    frames = std::move(frames), layer = std::move(layer)] {
        Image image;
        if (kind == ExportKind::Grid) image = composeGridExport(*mix, recipe);
        else if (kind == ExportKind::Influence) image = composeInfluenceFigure(*mix, *recipe.influence).image;   // as `stylemix render`
        else if (kind == ExportKind::Strip) image = composeStrip(frames);   // as `stylemix render` composes it
        else if (kind == ExportKind::Layer) image = composeLayerFigure(*layer);   // as `stylemix render` composes it
        else if (kind == ExportKind::NoiseByLayer) image = composeNoiseByLayerFigure(*by_layer);   // as `stylemix render`
        // What `stylemix render` composes from the recipe: the same code.
        else image = composeLabRecipeFigure(*lab, recipe, lab->realisations.at(0)->width);
        exportFigure(path, image, recipe);
    });
}

void queueExportJob(ExportState& state, const std::string& path, const char* verb, std::function<void()> write) {
    auto work = [write = std::move(write)]() -> std::string {
        try {
            write();
            return {};
        } catch (const std::exception& e) {
            return e.what();
        }
    };
    state.jobs.push_back({path, std::async(std::launch::async, std::move(work))});
    state.message = std::string(verb) + " " + std::filesystem::path(path).filename().string() + "...";
    state.message_is_error = false;
}

bool pollExports(ExportState& state) {
    for (auto it = state.jobs.begin(); it != state.jobs.end();) {
        if (it->outcome.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            ++it;
            continue;
        }
        const std::string error = it->outcome.get();
        state.message_is_error = !error.empty();
        state.message = error.empty() ? "saved " + it->path + " (+ .json recipe)" : "export failed: " + error;
        // (The status bar wraps a long message onto its own lines.)
        it = state.jobs.erase(it);
    }
    return !state.jobs.empty();
}

namespace {
constexpr ExportKind kExportKinds[] = {ExportKind::Grid, ExportKind::NoiseLab, ExportKind::StdDev, ExportKind::Strip,
                                        ExportKind::Layer, ExportKind::Influence, ExportKind::NoiseByLayer};
bool enterPressed() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}
}  // namespace

namespace {

void labExportNote(const ExportSources& sources) {
    const std::string note = labExportUnavailableReason(sources);
    if (note.empty()) return;
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("%s", note.c_str());
    ImGui::PopTextWrapPos();
}

// The lab figure's crop zoom, the std-dev map's scale, and the size either will have.
void labExportOptions(ExportState& state, const ExportSources& sources) {
    if (state.kind == ExportKind::NoiseByLayer) return;
    if (state.kind == ExportKind::Grid || state.kind == ExportKind::Strip || state.kind == ExportKind::Layer ||
        state.kind == ExportKind::Influence)
        return;
    if (state.kind == ExportKind::NoiseLab) ImGui::SliderInt("crop zoom", &state.zoom, 1, 16);
    if (state.kind == ExportKind::StdDev) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        ImGui::SliderInt("scale (nearest neighbour)##stddev", &state.stddev_scale, 1, 8, "x%d");
    }
    if (!canExport(state.kind, sources)) return;
    const Recipe recipe = makeRecipe(state.kind, sources, false, state.zoom, state.stddev_scale);
    const FigureSize size = labRecipeFigureSize(recipe, sources.lab->realisations.front()->width);
    ImGui::TextDisabled(state.kind == ExportKind::StdDev ? "%lld x %lld pixels: colour map at gain x%.1f, colour bar in levels"
                                                        : "%lld x %lld pixels: std-dev at gain x%.1f, difference from the mean x %d",
                        static_cast<long long>(size.width), static_cast<long long>(size.height), sources.stddev_gain,
                        sources.difference_gain);
}

}  // namespace

void drawExportDialog(ExportState& state, const ExportSources& sources) {
    if (state.open_requested) {
        state.open_requested = false;
        if (!canExport(state.kind, sources))
            for (ExportKind k : kExportKinds)
                if (canExport(k, sources)) {
                    state.kind = k;
                    break;
                }
        const std::string dir = state.path.empty() ? std::string() : std::filesystem::path(state.path).parent_path().string();
        state.path = suggestExportPath(dir, state.kind);
        ImGui::OpenPopup("Export");
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Export", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    // Enter in a field (the path, a value typed into a slider) commits that
    // field and nothing else: Enter saves only when no field was being edited
    // as this frame began (the field the Enter closes was still active then).
    const bool editing = ImGui::IsAnyItemActive();
    ImGui::PushID("export");
    // The kinds side by side, wrapping where the line is full.
    const float full = ImGui::GetContentRegionAvail().x, spacing = ImGui::GetStyle().ItemSpacing.x;
    float used = 0;
    for (ExportKind k : kExportKinds) {
        const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(exportKindName(k)).x;
        if (used > 0 && used + spacing + w <= full) {
            ImGui::SameLine();
            used += spacing + w;
        } else {
            used = w;
        }
        ImGui::BeginDisabled(!canExport(k, sources));
        if (ImGui::RadioButton(exportKindName(k), state.kind == k)) {
            state.kind = k;
            state.path = suggestExportPath(std::filesystem::path(state.path).parent_path().string(), k);
        }
        ImGui::EndDisabled();
    }
    labExportNote(sources);
    if (state.kind == ExportKind::Grid) {
        ImGui::Checkbox("seed and band labels (in added margins)", &state.labels);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        ImGui::SliderInt("scale (nearest neighbour)", &state.scale, 1, 8, "x%d");
        if (sources.mix && !sources.mix->row_images.empty() && sources.mix->row_images.front()) {
            const Image& tile = *sources.mix->row_images.front();
            const int cols = static_cast<int>(sources.mix->col_images.size()), rows = static_cast<int>(sources.mix->row_images.size());
            ImGui::TextDisabled("%d x %d pixels%s", (cols + 1) * tile.width * state.scale, (rows + 1) * tile.height * state.scale,
                                state.labels ? " + label margins" : "");
        }
    }
    labExportOptions(state, sources);
    if (state.kind == ExportKind::Strip && canExport(ExportKind::Strip, sources)) {
        const Image& frame = sources.strip->images.front();
        ImGui::TextDisabled("%d x %d pixels: %d frames, interpolated in %s", frame.width * static_cast<int>(sources.strip->images.size()),
                            frame.height, static_cast<int>(sources.strip->images.size()),
                            interpolationSpaceName(sources.strip_request->space));
    }
    if (state.kind == ExportKind::Layer && canExport(ExportKind::Layer, sources)) {
        const Image& panel = sources.layer->panels.front().image;
        const int zoom = layerFigureZoom(panel.height), n = static_cast<int>(sources.layer->panels.size());
        ImGui::TextDisabled("%d x %d pixels + labels: layer %s, %d panel%s magnified x%d", panel.width * zoom * n,
                            panel.height * zoom, sources.layer->layer.c_str(), n, n == 1 ? "" : "s", zoom);
    }
    if (state.kind == ExportKind::Influence && canExport(ExportKind::Influence, sources) && sources.influence->row_images.front()) {
        const Image& a = *sources.influence->row_images.front();
        const int bands = static_cast<int>(sources.influence_spec->bands.size());
        const FigureSize size = influenceFigureSize(bands, a.width, a.height);
        ImGui::TextDisabled("%lld x %lld pixels: A, B and %d band%s with |mix - A| and |mix - B|, moved > %d levels",
                            static_cast<long long>(size.width), static_cast<long long>(size.height), bands, bands == 1 ? "" : "s",
                            sources.influence_spec->threshold);
    }
    if (state.kind == ExportKind::NoiseByLayer && canExport(ExportKind::NoiseByLayer, sources)) {
        const NoiseByLayerResult& nb = *sources.noise_by_layer;
        std::vector<std::string> labels;
        for (const NoiseLayerStddev& m : nb.layers) labels.push_back(m.label);
        const FigureSize size = noiseByLayerFigureSize(nb.layers.front().width, labels, nb.samples);
        ImGui::TextDisabled("%lld x %lld pixels: %d std-dev maps on one scale (peak %.2f levels), K = %d each",
                            static_cast<long long>(size.width), static_cast<long long>(size.height),
                            static_cast<int>(nb.layers.size()), static_cast<double>(noiseByLayerPeak(nb)), nb.samples);
    }
    // The file name, and the Open browser to choose its folder.
    const float folder_w = ImGui::CalcTextSize("Folder...").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - folder_w - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputText("##path", &state.path);
    ImGui::SameLine();
    if (ImGui::Button("Folder...")) {
        state.folder.choose_folder = true;
        state.folder.go(std::filesystem::path(state.path).parent_path().string());
        state.folder.open_requested = true;
    }
    if (const auto dir = drawFileBrowser(state.folder))
        state.path = (std::filesystem::path(*dir) / std::filesystem::path(state.path).filename()).string();
    ImGui::TextDisabled("A .json recipe is written beside the PNG and embedded in it;\n"
                        "`stylemix render RECIPE.json -o out.png` re-renders it.");
    const bool ok = canExport(state.kind, sources) && !state.path.empty();
    ImGui::BeginDisabled(!ok);
    if (ImGui::Button("Save", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
        (ok && !editing && !ImGui::IsAnyItemActive() && enterPressed())) {
        startExport(state, sources);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::PopID();
    ImGui::EndPopup();
}

}  // namespace stylemix::gui
