#include "gui/views/lab/by_layer_panel.h"

#include "model/core/noise_by_layer_figure.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stylemix::gui {

std::optional<NoiseByLayerRequest> buildNoiseByLayerRequest(const PanelStates& panels, const ModelFacts& facts, int samples) {
    if (facts.num_ws <= 0 || !facts.hasNoise()) return std::nullopt;
    const MixRequest mix = buildMixRequest(panels, facts);
    const std::optional<LabSubject> subject = buildLabSubject(panels.lab.selection, mix);
    if (!subject) return std::nullopt;
    NoiseByLayerRequest request;
    request.subject = *subject;
    request.noise = mix.noise;   // mode and strengths: what every layer but the studied one keeps
    request.noise.seed = panels.noise.seed;
    request.noise.realisations.clear();
    request.samples = std::clamp(samples, ByLayerPanel::kMinSamples, ByLayerPanel::kMaxSamples);
    return request;
}

ByLayerGeometry byLayerGeometry(float width, float height, int maps, float label, float spacing, float min_tile) {
    ByLayerGeometry best;
    maps = std::max(maps, 1);
    width = std::max(width, 1.f);
    // The largest tiles that fit both ways (ties: more a row, fewer rows).
    for (int per_row = 1; per_row <= maps; ++per_row) {
        const int rows = (maps + per_row - 1) / per_row;
        const float by_width = (width - spacing * (per_row - 1)) / per_row;
        const float by_height = (height - rows * label - spacing * (rows - 1)) / rows;
        const float tile = std::floor(std::min(by_width, by_height));
        if (tile >= min_tile && tile >= best.tile) best = {per_row, tile};
    }
    if (best.tile > 0) return best;
    // Too low for usable tiles: as many a row as fit the width at a usable size, filling it (the view scrolls).
    best.per_row = std::clamp(static_cast<int>((width + spacing) / (min_tile + spacing)), 1, maps);
    best.tile = std::max(1.f, std::floor((width - spacing * (best.per_row - 1)) / best.per_row));
    return best;
}

std::string byLayerProgressText(int done, int total, int samples, bool computing) {
    char text[96];
    if (computing && done < total)
        std::snprintf(text, sizeof text, "computing layer %d of %d, K = %d each...", done + 1, total, samples);
    else
        std::snprintf(text, sizeof text, "%d layers, K = %d each", total, samples);
    return text;
}

namespace {

// A map as the HeatMap pass samples it: levels x kStdDevTexelScale as grey texels.
Image texelImage(const NoiseLayerStddev& map) {
    Image out = makeImage(map.width, map.height, 1);
    const std::size_t n = std::min(out.pixels.size(), map.stddev_levels.size());
    for (std::size_t i = 0; i < n; ++i)
        out.pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(map.stddev_levels[i] * kStdDevTexelScale), 0L, 255L));
    return out;
}

// The text under a map: its layer and its own peak, clipped to the tile (the tooltip has it whole).
void mapLabel(ImDrawList* draw, ImVec2 at, float tile, const std::string& label, const std::string& peak) {
    const ImVec4 clip(at.x, at.y, at.x + tile, at.y + 2 * ImGui::GetTextLineHeightWithSpacing());
    const auto line = [&](const std::string& text, float y, ImU32 colour) {
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const ImVec2 p(at.x + std::max(0.f, (tile - w) / 2), y);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), p, colour, text.c_str(), nullptr, 0.f, &clip);
    };
    line(label, at.y, ImGui::GetColorU32(ImGuiCol_Text));
    line(peak, at.y + ImGui::GetTextLineHeightWithSpacing(), ImGui::GetColorU32(ImGuiCol_TextDisabled));
}

}  // namespace

std::optional<NoiseByLayerRequest> ByLayerPanel::build(const Panels& panels, const ModelFacts& facts) const {
    return buildNoiseByLayerRequest(panels.states(), facts, samples);
}

void ByLayerPanel::submitted(const std::optional<NoiseByLayerRequest>& request) { submitted_ = request; }

void ByLayerPanel::accept(NoiseByLayerResult&& result, bool partial, TextureStore& textures) {
    if (!(shown_for_ == submitted_)) uploaded_ = 0;   // a new request: its maps replace the old ones
    shown_for_ = submitted_;
    const int count = static_cast<int>(result.layers.size());
    for (int i = uploaded_; i < count; ++i) textures.put({ByLayerSlot::Map, i, 0}, texelImage(result.layers[static_cast<std::size_t>(i)]));
    textures.trim(ByLayerSlot::Map, count, 1);
    uploaded_ = count;
    result_ = std::move(result);
    if (partial) return;
    complete_ = result_;
    done_ = submitted_;
}

void ByLayerPanel::modelChanged() {
    submitted_.reset();
    done_.reset();
    shown_for_.reset();
    result_ = NoiseByLayerResult{};
    complete_ = NoiseByLayerResult{};
    uploaded_ = 0;
}

void ByLayerPanel::addExportSources(ExportSources& sources) const {
    if (!done_) return;
    sources.noise_by_layer = &complete_;
    sources.noise_by_layer_request = &*done_;
}

void ByLayerPanel::draw(const ViewFrame& frame, CanvasFrame& canvases, const std::string& subject_text) {
    const ModelFacts& facts = *frame.facts;
    const float em = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::TextWrapped("Subject: %s", subject_text.c_str());
    ImGui::SetNextItemWidth(em * 10);
    ImGui::SliderInt("K per layer", &samples, kMinSamples, kMaxSamples, "%d", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Realisations of each layer's noise the std-dev is taken over");
    const int total = static_cast<int>(facts.noise_layers.size()), done = static_cast<int>(result_.layers.size());
    const bool computing = inFlight();
    const bool stale = computing && !(shown_for_ == submitted_);   // on screen: an older request's strip
    ImGui::SameLine();
    if (computing) {
        const std::string text = byLayerProgressText(stale ? 0 : done, total, submitted_->samples, true);
        ImGui::ProgressBar(frame.progress, ImVec2(std::min(em * 18, std::max(em * 6, ImGui::GetContentRegionAvail().x)), 0),
                           text.c_str());
    } else {
        ImGui::TextDisabled("%s", byLayerProgressText(done, total, result_.samples, false).c_str());
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Each map: the std-dev of the image over K draws of that layer's noise alone; every other layer "
                       "keeps the noise panel's (%s). One colour scale for all: the strip's peak.",
                       noiseModeName(submitted_ ? submitted_->noise.mode : NoiseMode::Const));
    ImGui::PopStyleColor();
    // The colour bar: 0 to the strip's peak, in levels.
    const float peak = noiseByLayerPeak(result_);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float legend_w = std::min(avail, em * 20);
    CanvasJob& legend = canvases.image(ByLayerSlot::LegendCanvas, ImVec2(legend_w, em * 0.6f));
    legend.draws.push_back({PassKind::HeatLegend, {}, {}, {0, 0}, legend.size});
    ImGui::TextDisabled("0");
    char top[48];
    std::snprintf(top, sizeof top, "%.2f levels", static_cast<double>(peak));
    ImGui::SameLine(std::max(0.f, legend_w - ImGui::CalcTextSize(top).x));
    ImGui::TextDisabled("%s", top);
    // The maps, wrapping into rows; those not rendered yet are placeholders.
    const float label = 2 * ImGui::GetTextLineHeightWithSpacing();
    float widest = 0;   // tiles never narrower than their labels
    for (const NoiseLayerInfo& l : facts.noise_layers) widest = std::max(widest, ImGui::CalcTextSize(noiseLayerLabel(l).c_str()).x);
    const float min_tile = std::min(std::max(em * 6, std::ceil(widest) + 4), avail);
    const ByLayerGeometry g = byLayerGeometry(avail, ImGui::GetContentRegionAvail().y, total, label, spacing, min_tile);
    const int rows = (std::max(total, 1) + g.per_row - 1) / g.per_row;
    const ImVec2 size(g.per_row * g.tile + spacing * (g.per_row - 1), rows * (g.tile + label) + spacing * (rows - 1));
    CanvasJob& maps = canvases.image(ByLayerSlot::MapsCanvas, size);
    const ImVec2 origin = ImGui::GetItemRectMin();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float gain = noiseByLayerGain(peak) / kStdDevTexelScale;
    for (int i = 0; i < total; ++i) {
        const float x = (i % g.per_row) * (g.tile + spacing), y = (i / g.per_row) * (g.tile + label + spacing);
        CanvasDraw d{PassKind::HeatMap, {ByLayerSlot::Map, i, 0}, {}, {x, y}, {x + g.tile, y + g.tile}};
        d.gain = gain;
        if (i >= done || !canvases.has(d.image)) d = CanvasDraw{PassKind::Fill, {}, {}, {x, y}, {x + g.tile, y + g.tile}};
        if (d.pass == PassKind::Fill) d.color = ImVec4(0.16f, 0.16f, 0.19f, 1.f);
        maps.draws.push_back(d);
        const std::string name = noiseLayerLabel(facts.noise_layers[static_cast<std::size_t>(i)]);
        const std::string peak_text = i < done ? noiseLayerPeakText(result_.layers[static_cast<std::size_t>(i)].peak) : "...";
        mapLabel(draw, ImVec2(origin.x + x, origin.y + y + g.tile + 2), g.tile, name, peak_text);
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (hovered && mouse.x >= origin.x + x && mouse.x < origin.x + x + g.tile && mouse.y >= origin.y + y &&
            mouse.y < origin.y + y + g.tile + label)
            ImGui::SetTooltip("%s: %s std-dev levels\nonly this layer's noise resampled, K = %d", name.c_str(),
                              peak_text.c_str(), result_.samples);
    }
    if (stale && done > 0) {
        draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(0, 0, 0, 140));
        draw->AddText(ImVec2(origin.x + 6, origin.y + 6), IM_COL32_WHITE, "computing the new strip...");
    }
}

}  // namespace stylemix::gui
