#version 330 core
// Image tiles: nearest (texel-exact) or linear magnification, an optional
// dimming for tiles whose newer version is still rendering, or a flat fill.
// Minified tiles (a big model's faces shown small) always use the mipmaps.
uniform sampler2D u_image;
uniform int u_nearest;   // 1 = pick the texel under the pixel, 0 = bilinear
uniform int u_fill;      // 1 = ignore the image and paint u_color
uniform vec4 u_color;
uniform float u_dim;     // 0 = as is, 1 = fully faded to the background

in vec2 v_uv;
out vec4 frag_color;

const vec3 kBackground = vec3(0.11, 0.11, 0.13);

void main() {
    if (u_fill == 1) {
        frag_color = u_color;
        return;
    }
    vec3 rgb;
    vec2 texels_per_pixel = fwidth(v_uv * vec2(textureSize(u_image, 0)));
    bool minified = max(texels_per_pixel.x, texels_per_pixel.y) > 1.0;
    if (u_nearest == 1 && !minified) {
        ivec2 size = textureSize(u_image, 0);
        ivec2 texel = clamp(ivec2(floor(v_uv * vec2(size))), ivec2(0), size - 1);
        rgb = texelFetch(u_image, texel, 0).rgb;
    } else {
        rgb = texture(u_image, v_uv).rgb;
    }
    frag_color = vec4(mix(rgb, kBackground, u_dim), 1.0);
}
