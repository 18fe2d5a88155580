#version 330 core
// The per-pixel std-dev map as a heat map. The source is a grey image of the
// std-dev; u_gain maps its texel value (0..1) to the colour-map position, so
// the gain slider needs no re-render. With u_ramp = 1 the colour map itself is
// drawn left to right (the legend).
uniform sampler2D u_image;
uniform float u_gain;
uniform int u_ramp;

in vec2 v_uv;
in vec2 v_local;
out vec4 frag_color;

// Black -> indigo -> magenta -> orange -> pale yellow, evenly spaced stops.
vec3 colorMap(float t) {
    const vec3 stops[5] = vec3[5](vec3(0.00, 0.00, 0.02), vec3(0.23, 0.06, 0.44),
                                  vec3(0.73, 0.21, 0.47), vec3(0.98, 0.55, 0.04),
                                  vec3(0.99, 1.00, 0.75));
    float x = clamp(t, 0.0, 1.0) * 4.0;
    int i = min(int(floor(x)), 3);
    return mix(stops[i], stops[i + 1], x - float(i));
}

void main() {
    float value;
    if (u_ramp == 1) {
        value = v_local.x;
    } else {
        ivec2 size = textureSize(u_image, 0);
        ivec2 texel = clamp(ivec2(floor(v_uv * vec2(size))), ivec2(0), size - 1);
        value = texelFetch(u_image, texel, 0).r * u_gain;
    }
    frag_color = vec4(colorMap(value), 1.0);
}
