#include "gui/noise_lab_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

const char* splitNoiseName(SplitNoise s) {
    switch (s) {
    case SplitNoise::Current: return "knobs";
    case SplitNoise::All: return "all layers";
    case SplitNoise::None: return "no noise";
    case SplitNoise::FineOnly: return "fine only";
    case SplitNoise::CoarseOnly: return "coarse only";
    }
    return "?";
}

CropRect defaultLabCrop(int resolution) {
    const int size = std::max(4, resolution / 4);
    return {(resolution - size) / 2, (resolution - size) / 2, size, size};
}

CropRect clampCrop(CropRect c, int resolution) {
    if (resolution <= 0) return c;
    c.width = std::clamp(c.width, 2, resolution);
    c.height = std::clamp(c.height, 2, resolution);
    c.x = std::clamp(c.x, 0, resolution - c.width);
    c.y = std::clamp(c.y, 0, resolution - c.height);
    return c;
}

NoiseSpec splitNoiseSpec(SplitNoise side, const NoiseState& noise, const std::vector<NoiseLayerInfo>& layers) {
    NoiseState s = noise;
    s.fitTo(static_cast<int>(layers.size()));
    if (s.mode == NoiseMode::None) s.mode = NoiseMode::Const;   // a comparison needs some noise
    switch (side) {
    case SplitNoise::Current: break;
    case SplitNoise::All: s.applyPreset(layers, NoisePreset::All); break;
    case SplitNoise::None: s.applyPreset(layers, NoisePreset::None); break;
    case SplitNoise::FineOnly: s.applyPreset(layers, NoisePreset::FineOnly); break;
    case SplitNoise::CoarseOnly: s.applyPreset(layers, NoisePreset::CoarseOnly); break;
    }
    return toNoiseSpec(s);
}

Image stddevTexelImage(const NoiseLabResult& result, int resolution) {
    Image out = makeImage(resolution, resolution, 1);
    const std::size_t n = std::min(out.pixels.size(), result.stddev_levels.size());
    for (std::size_t i = 0; i < n; ++i)
        out.pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(result.stddev_levels[i] * kStdDevTexelScale), 0L, 255L));
    return out;
}

float autoStdDevGain(float max_stddev) {
    if (!(max_stddev > 0.f)) return 32.f;
    return std::clamp(std::round(255.f / max_stddev * 10.f) / 10.f, 1.f, 256.f);
}

namespace {

void title(const char* text) {
    ImGui::TextUnformatted(text);
}

// The big image with the crop rectangle: drag inside it to move it, drag
// elsewhere to draw a new one.
void cropEditor(LabState& state, int res, CanvasFrame& canvases, float side) {
    CanvasJob& job = canvases.image(CanvasId::LabSubject, ImVec2(side, side));
    job.draws.push_back({PassKind::Tile, {ImageSlot::LabRealisation, 0, 0}, {}, {0, 0}, job.size});
    const ImVec2 p0 = ImGui::GetItemRectMin();
    const float scale = job.size.x / res;
    const ImGuiIO& io = ImGui::GetIO();
    auto toImage = [&](ImVec2 p) { return ImVec2((p.x - p0.x) / scale, (p.y - p0.y) / scale); };
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID mode_id = ImGui::GetID("crop-mode"), ax = ImGui::GetID("crop-ax"), ay = ImGui::GetID("crop-ay");
    if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        const ImVec2 m = toImage(io.MousePos);
        const CropRect& c = state.crop;
        const bool inside = m.x >= c.x && m.x < c.x + c.width && m.y >= c.y && m.y < c.y + c.height;
        storage->SetInt(mode_id, inside ? 1 : 2);
        storage->SetFloat(ax, inside ? m.x - c.x : m.x);
        storage->SetFloat(ay, inside ? m.y - c.y : m.y);
    }
    const int mode = storage->GetInt(mode_id, 0);
    if (mode != 0 && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        const ImVec2 m = toImage(io.MousePos);
        if (mode == 1) {
            state.crop.x = static_cast<int>(std::lround(m.x - storage->GetFloat(ax)));
            state.crop.y = static_cast<int>(std::lround(m.y - storage->GetFloat(ay)));
        } else {
            const float x0 = std::min(m.x, storage->GetFloat(ax)), x1 = std::max(m.x, storage->GetFloat(ax));
            const float y0 = std::min(m.y, storage->GetFloat(ay)), y1 = std::max(m.y, storage->GetFloat(ay));
            state.crop = {static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0)),
                          static_cast<int>(std::ceil(x1) - std::floor(x0)), static_cast<int>(std::ceil(y1) - std::floor(y0))};
        }
        state.crop = clampCrop(state.crop, res);
    } else if (mode != 0) {
        storage->SetInt(mode_id, 0);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 a(p0.x + state.crop.x * scale, p0.y + state.crop.y * scale);
    const ImVec2 b(a.x + state.crop.width * scale, a.y + state.crop.height * scale);
    draw->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(0, 0, 0, 160), 0, 0, 3.f);
    draw->AddRect(a, b, IM_COL32(255, 60, 60, 255), 0, 0, 1.5f);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("crop %d,%d %dx%d\ndrag inside to move it, elsewhere to draw a new one", state.crop.x,
                          state.crop.y, state.crop.width, state.crop.height);
}

void heatMap(LabState& state, const NoiseLabResult* result, CanvasFrame& canvases, float side) {
    CanvasJob& job = canvases.image(CanvasId::LabStdDev, ImVec2(side, side));
    CanvasDraw d{PassKind::HeatMap, {ImageSlot::LabStdDevRaw, 0, 0}, {}, {0, 0}, job.size};
    d.gain = state.gain / kStdDevTexelScale;   // texel -> levels -> colour-map position
    job.draws.push_back(d);
    CanvasJob& legend = canvases.image(CanvasId::LabLegend, ImVec2(side, ImGui::GetFontSize() * 0.6f));
    legend.draws.push_back({PassKind::HeatLegend, {}, {}, {0, 0}, legend.size});
    ImGui::TextDisabled("0");
    ImGui::SameLine(side - ImGui::CalcTextSize("255.0 levels").x);
    ImGui::TextDisabled("%.1f levels", 255.f / state.gain);
    if (result && state.auto_gain) state.gain = autoStdDevGain(result->max_stddev);
    ImGui::SetNextItemWidth(side - ImGui::CalcTextSize("gain").x - ImGui::CalcTextSize("auto").x -
                            ImGui::GetFrameHeight() - 3 * ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::SliderFloat("gain", &state.gain, 1.f, 256.f, "x%.1f", ImGuiSliderFlags_Logarithmic)) {
        state.gain = std::round(state.gain * 10.f) / 10.f;   // short numbers in recipes
        state.auto_gain = false;
    }
    ImGui::SameLine();
    ImGui::Checkbox("auto", &state.auto_gain);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scale so the largest std-dev reaches the top of the colour map");
    if (result)
        ImGui::TextDisabled("max std-dev %.2f levels", result->max_stddev);
}

}  // namespace

void drawNoiseLabView(LabState& state, const LabViewInput& in, CanvasFrame& canvases) {
    ImGui::PushID("lab");
    const int res = in.facts ? in.facts->img_resolution : 0;
    if (res <= 0 || state.selection.kind == LabSelection::Kind::None) {
        ImGui::Spacing();
        ImGui::TextDisabled(res <= 0 ? "Load a model first." : "Click a face in the grid to study its noise here.");
        ImGui::PopID();
        return;
    }
    if (state.crop.width <= 0) state.crop = defaultLabCrop(res);
    state.crop = clampCrop(state.crop, res);

    // Controls: subject, K, how many realisations to show, progress.
    ImGui::Text("Subject: %s", in.subject_text.c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderInt("K realisations", &state.samples, 2, LabState::kMaxSamples, "%d",
                     ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::SliderInt("shown", &state.keep, 1, 12);
    state.keep = std::min(state.keep, state.samples);
    ImGui::SameLine();
    if (in.busy) ImGui::ProgressBar(in.progress, ImVec2(-1, 0), "rendering...");
    else ImGui::NewLine();

    const bool have = in.result && !in.result->realisations.empty();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float side = std::floor(std::min((avail - 2 * spacing) / 3, ImGui::GetContentRegionAvail().y * 0.55f));

    // Row 1: realisation 0 with the crop | std-dev heat map | split view.
    ImGui::BeginGroup();
    title("Realisation 0 (drag a crop)");
    cropEditor(state, res, canvases, side);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("Std-dev over K = %d", have ? state.samples : 0);
    heatMap(state, have ? in.result : nullptr, canvases, side);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Checkbox("Split view", &state.split_enabled);
    if (state.split_enabled) {
        CanvasJob& job = canvases.image(CanvasId::LabSplit, ImVec2(side, side));
        CanvasDraw d{PassKind::Split, {ImageSlot::SplitLeft, 0, 0}, {ImageSlot::SplitRight, 0, 0}, {0, 0}, job.size};
        d.split = state.split;
        job.draws.push_back(d);
        if (ImGui::IsItemActive() || (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)))
            state.split = std::clamp((ImGui::GetIO().MousePos.x - ImGui::GetItemRectMin().x) / side, 0.f, 1.f);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("left: %s\nright: %s\nclick or drag to move the divider",
                                                      splitNoiseName(state.split_left), splitNoiseName(state.split_right));
        // Name each half in its top corner.
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
        const char* right = splitNoiseName(state.split_right);
        const float pad = 4.f, rw = ImGui::CalcTextSize(right).x;
        draw->AddRectFilled(p0, ImVec2(p0.x + ImGui::CalcTextSize(splitNoiseName(state.split_left)).x + 2 * pad,
                                       p0.y + ImGui::GetTextLineHeight() + 2 * pad), IM_COL32(0, 0, 0, 150));
        draw->AddText(ImVec2(p0.x + pad, p0.y + pad), IM_COL32_WHITE, splitNoiseName(state.split_left));
        draw->AddRectFilled(ImVec2(p1.x - rw - 2 * pad, p0.y), ImVec2(p1.x, p0.y + ImGui::GetTextLineHeight() + 2 * pad),
                            IM_COL32(0, 0, 0, 150));
        draw->AddText(ImVec2(p1.x - rw - pad, p0.y + pad), IM_COL32_WHITE, right);
        const float half = (side - spacing) / 2;
        for (int i = 0; i < 2; ++i) {
            SplitNoise& s = i == 0 ? state.split_left : state.split_right;
            if (i == 1) ImGui::SameLine();
            ImGui::PushID(i);
            ImGui::SetNextItemWidth(half);
            if (ImGui::BeginCombo("##side", splitNoiseName(s))) {
                for (SplitNoise c : {SplitNoise::Current, SplitNoise::All, SplitNoise::None, SplitNoise::FineOnly,
                                     SplitNoise::CoarseOnly})
                    if (ImGui::Selectable(splitNoiseName(c), c == s)) s = c;
                ImGui::EndCombo();
            }
            ImGui::PopID();
        }
    }
    ImGui::EndGroup();

    // Row 2: the crop of each kept realisation, magnified.
    ImGui::Spacing();
    ImGui::Text("Crop %dx%d at %d,%d in %d noise realisations", state.crop.width, state.crop.height, state.crop.x,
                state.crop.y, have ? static_cast<int>(in.result->realisations.size()) : 0);
    const int shown = have ? static_cast<int>(in.result->realisations.size()) : state.keep;
    const float tile = std::floor(std::min((avail - spacing * (shown - 1)) / std::max(shown, 1),
                                           std::max(ImGui::GetContentRegionAvail().y - spacing, 32.f)));
    CanvasJob& crops = canvases.image(CanvasId::LabCrops, ImVec2(tile * shown + spacing * (shown - 1), tile));
    const ImVec2 uv0(static_cast<float>(state.crop.x) / res, static_cast<float>(state.crop.y) / res);
    const ImVec2 uv1(static_cast<float>(state.crop.x + state.crop.width) / res,
                     static_cast<float>(state.crop.y + state.crop.height) / res);
    for (int i = 0; i < shown; ++i) {
        const float x = i * (tile + spacing);
        CanvasDraw d{PassKind::Tile, {ImageSlot::LabRealisation, i, 0}, {}, {x, 0}, {x + tile, tile}, uv0, uv1};
        if (!canvases.has(d.image)) d = CanvasDraw{PassKind::Fill, {}, {}, {x, 0}, {x + tile, tile}};
        d.color = ImVec4(0.16f, 0.16f, 0.19f, 1.f);
        crops.draws.push_back(d);
    }
    ImGui::PopID();
}

}  // namespace stylemix::gui
