#version 330 core
// Split-view compositor (paper Fig. 5): the left part of the destination shows
// u_left, the right part u_right, texel-exact, with a thin divider at u_split.
uniform sampler2D u_left;
uniform sampler2D u_right;
uniform float u_split;       // 0..1 across the destination rect
uniform float u_width_px;    // destination width in canvas pixels

in vec2 v_uv;
in vec2 v_local;
out vec4 frag_color;

vec3 fetchNearest(sampler2D image, vec2 uv) {
    ivec2 size = textureSize(image, 0);
    ivec2 texel = clamp(ivec2(floor(uv * vec2(size))), ivec2(0), size - 1);
    return texelFetch(image, texel, 0).rgb;
}

void main() {
    float distance_px = (v_local.x - u_split) * u_width_px;
    if (abs(distance_px) < 1.0) {
        frag_color = vec4(1.0, 1.0, 1.0, 1.0);
        return;
    }
    vec3 rgb = distance_px < 0.0 ? fetchNearest(u_left, v_uv) : fetchNearest(u_right, v_uv);
    frag_color = vec4(rgb, 1.0);
}
