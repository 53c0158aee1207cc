package io.atpsync.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Shopify's search syntax, the part the inventory queries use: {@code sku:ABC-1}, {@code sku:'A B'},
 * {@code updated_at:>'2026-05-01T00:00:00Z'}; terms are ANDed.
 */
record QueryFilter(List<Term> terms) {

    /** One {@code field:op value} term. */
    record Term(String field, String op, String value) {
        boolean matches(String actual) {
            return actual != null && actual.equals(value);
        }

        boolean matches(Instant actual) {
            Instant v = Instant.parse(value);
            int c = actual.compareTo(v);
            return switch (op) {
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> c == 0;
            };
        }
    }

    static QueryFilter parse(String query) {
        List<Term> terms = new ArrayList<>();
        if (query == null || query.isBlank()) {
            return new QueryFilter(terms);
        }
        int i = 0;
        String q = query.trim();
        while (i < q.length()) {
            while (i < q.length() && q.charAt(i) == ' ') {
                i++;
            }
            int colon = q.indexOf(':', i);
            if (colon < 0) {
                break;
            }
            String field = q.substring(i, colon).trim();
            i = colon + 1;
            String op = "";
            while (i < q.length() && "<>=".indexOf(q.charAt(i)) >= 0) {
                op += q.charAt(i++);
            }
            String value;
            if (i < q.length() && (q.charAt(i) == '\'' || q.charAt(i) == '"')) {
                char quote = q.charAt(i);
                int end = q.indexOf(quote, i + 1);
                value = q.substring(i + 1, end < 0 ? q.length() : end);
                i = end < 0 ? q.length() : end + 1;
            } else {
                int end = q.indexOf(' ', i);
                value = q.substring(i, end < 0 ? q.length() : end);
                i = end < 0 ? q.length() : end;
            }
            terms.add(new Term(field, op, value));
        }
        return new QueryFilter(terms);
    }

    List<Term> on(String field) {
        return terms.stream().filter(t -> t.field().equals(field)).toList();
    }
}
