package dev.zeroloss.harness.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one Gson setup of the project: pretty, NaN allowed (an undefined cosine is recorded as NaN). */
public final class Json {
    public static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    private Json() {
    }
}
