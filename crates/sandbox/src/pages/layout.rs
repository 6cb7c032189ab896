//! The page shell: head, the header bar with the logged-in operator, the main container.
//! Must not know any page's content.

use super::esc;
use crate::shared::document;

/// A full page: `body` goes into `<main id="main">`.
pub fn page(title: &str, operator: &str, page_kind: &str, body: &str) -> String {
    let inner = format!(
        r#"<header class="topbar">
  <a class="brand" href="/">QWic</a>
  <nav class="topnav">
    <a href="/incidents/new">Создать инцидент</a>
    <a href="/">Поиск инцидентов</a>
    <a href="/reports/registration">Процент регистрации звонков</a>
    <a href="/reports/unlinked">Непривязанные звонки</a>
    <a href="/tel/calls">Отчет по звонкам</a>
  </nav>
  <span class="user">Оператор: <span id="current-operator">{operator}</span></span>
</header>
<main id="main" data-page="{kind}">
{body}
</main>"#,
        operator = esc(operator),
        kind = esc(page_kind),
    );
    let head = [
        r#"<link rel="stylesheet" href="/static/wic.css">"#,
        r#"<script src="/static/common.js" defer></script>"#,
        r#"<script src="/static/app.js" defer></script>"#,
    ];
    document(title, &head, "", &inner)
}

/// The login page a `login_redirect` fault sends API clients to.
pub fn login_page() -> String {
    r#"<!DOCTYPE html>
<html lang="ru">
<head><meta charset="utf-8"><title>Вход в WIC</title><link rel="stylesheet" href="/static/wic.css"></head>
<body>
<main id="main" data-page="login">
<form id="login-form" class="login" method="post" action="/login">
  <h1>Вход в WIC</h1>
  <label>Логин <input name="login" autocomplete="username"></label>
  <label>Пароль <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Войти</button>
  <p class="hint">Сессия истекла. Войдите снова.</p>
</form>
</main>
</body>
</html>
"#
    .to_string()
}
