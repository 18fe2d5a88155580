#include "gui/gl/image_passes.h"

#include "gui/gl/shader_sources.h"

#include <glad/gl.h>

#include <cmath>

namespace stylemix::gui {

void ImagePasses::init() {
    const std::string vert = shaderSource("quad.vert");
    tile_ = Program("quad.vert", vert, "tile.frag", shaderSource("tile.frag"));
    heatmap_ = Program("quad.vert", vert, "heatmap.frag", shaderSource("heatmap.frag"));
    split_ = Program("quad.vert", vert, "split.frag", shaderSource("split.frag"));
    vao_.create();
}

namespace {

void setQuad(const Program& p, const CanvasDraw& d, float scale, int width, int height) {
    glUniform2f(p.uniform("u_target"), static_cast<float>(width), static_cast<float>(height));
    glUniform4f(p.uniform("u_dst"), std::round(d.p0.x * scale), std::round(d.p0.y * scale),
                std::round(d.p1.x * scale), std::round(d.p1.y * scale));
    glUniform4f(p.uniform("u_src"), d.uv0.x, d.uv0.y, d.uv1.x, d.uv1.y);
}

void bindTexture(int unit, const Texture* texture) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_2D, texture ? texture->id() : 0);
}

}  // namespace

bool ImagePasses::run(const CanvasJob& job, RenderTarget& target, const TextureStore& textures, float pixel_scale) {
    const int width = std::max(1, static_cast<int>(std::lround(job.size.x * pixel_scale)));
    const int height = std::max(1, static_cast<int>(std::lround(job.size.y * pixel_scale)));
    Drawn& drawn = drawn_[job.id];
    if (drawn.target == target.texture().id() && target.width() == width && target.height() == height &&
        drawn.texture_version == textures.version() && drawn.pixel_scale == pixel_scale && drawn.job == job)
        return false;
    target.resize(width, height);
    target.bind();
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glClearColor(job.clear.x, job.clear.y, job.clear.z, job.clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    glBindVertexArray(vao_.id());

    for (const CanvasDraw& d : job.draws) {
        const Texture* image = d.image.slot == ImageSlot::None ? nullptr : textures.get(d.image);
        switch (d.pass) {
        case PassKind::Tile:
        case PassKind::Fill:
            if (d.pass == PassKind::Tile && !image) continue;
            glUseProgram(tile_.id());
            setQuad(tile_, d, pixel_scale, width, height);
            glUniform1i(tile_.uniform("u_image"), 0);
            glUniform1i(tile_.uniform("u_nearest"), d.nearest ? 1 : 0);
            glUniform1i(tile_.uniform("u_fill"), d.pass == PassKind::Fill ? 1 : 0);
            glUniform4f(tile_.uniform("u_color"), d.color.x, d.color.y, d.color.z, d.color.w);
            glUniform1f(tile_.uniform("u_dim"), d.dim);
            bindTexture(0, image);
            break;
        case PassKind::HeatMap:
        case PassKind::HeatLegend:
            if (d.pass == PassKind::HeatMap && !image) continue;
            glUseProgram(heatmap_.id());
            setQuad(heatmap_, d, pixel_scale, width, height);
            glUniform1i(heatmap_.uniform("u_image"), 0);
            glUniform1f(heatmap_.uniform("u_gain"), d.gain);
            glUniform1i(heatmap_.uniform("u_ramp"), d.pass == PassKind::HeatLegend ? 1 : 0);
            bindTexture(0, image);
            break;
        case PassKind::Split: {
            const Texture* right = textures.get(d.image2);
            if (!image || !right) continue;
            glUseProgram(split_.id());
            setQuad(split_, d, pixel_scale, width, height);
            glUniform1i(split_.uniform("u_left"), 0);
            glUniform1i(split_.uniform("u_right"), 1);
            glUniform1f(split_.uniform("u_split"), d.split);
            glUniform1f(split_.uniform("u_width_px"), std::round((d.p1.x - d.p0.x) * pixel_scale));
            bindTexture(0, image);
            bindTexture(1, right);
            break;
        }
        }
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    }

    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    drawn = Drawn{job, textures.version(), pixel_scale, target.texture().id()};
    return true;
}

}  // namespace stylemix::gui
