package dev.ownership.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's cache of Secrets keeps their key names only: it checks that a migration's Secret has the
 * keys it needs, and never needs a value (those reach the migrator pod as secretKeyRefs).
 */
final class SecretKeyNamesStore extends BasicItemStore<Secret> {
    SecretKeyNamesStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return super.put(key, keyNamesOnly(secret));
    }

    static Secret keyNamesOnly(Secret secret) {
        Map<String, String> keys = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData()).ifPresent(d -> d.keySet().forEach(k -> keys.put(k, "")));
        Optional.ofNullable(secret.getStringData()).ifPresent(d -> d.keySet().forEach(k -> keys.put(k, "")));
        return new SecretBuilder().withMetadata(secret.getMetadata()).withType(secret.getType()).withData(keys)
                .build();
    }
}
