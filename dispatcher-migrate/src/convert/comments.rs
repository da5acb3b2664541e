//! Comments stay next to what they described: each is handed out once, to
//! the item or statement it stood above (or beside), in source order.

use crate::elixir::syntax::Comment;
use crate::rules_file::CommentLine;

pub struct CommentPlacer {
    comments: Vec<Comment>,
    next: usize,
}

impl CommentPlacer {
    pub fn new(mut comments: Vec<Comment>) -> Self {
        comments.sort_by_key(|comment| comment.line);
        CommentPlacer { comments, next: 0 }
    }

    /// The comments above `line` not handed out yet, with a blank line
    /// where the source had one between them (or before `line`).
    pub fn above(&mut self, line: usize) -> Vec<CommentLine> {
        let taken = self.take_while(|comment| comment.line < line);
        let mut lines = group(&taken);
        if let Some(last) = taken.last()
            && line > last.line + 1
        {
            lines.push(CommentLine::Blank);
        }
        lines
    }

    /// The line of the next comment not handed out yet.
    pub fn next_line(&self) -> Option<usize> {
        self.comments.get(self.next).map(|comment| comment.line)
    }

    /// The comment at the end of `line`, if the next one is.
    pub fn beside(&mut self, line: usize) -> Option<String> {
        let comment = self.comments.get(self.next)?;
        if comment.line == line && comment.trailing {
            self.next += 1;
            return Some(comment.text.clone());
        }
        None
    }

    /// The comments up to and including `line`, as raw comments.
    pub fn through(&mut self, line: usize) -> Vec<Comment> {
        self.take_while(|comment| comment.line <= line)
    }

    /// Every comment not handed out yet.
    pub fn rest(&mut self) -> Vec<CommentLine> {
        let taken = self.take_while(|_| true);
        group(&taken)
    }

    fn take_while(&mut self, keep: impl Fn(&Comment) -> bool) -> Vec<Comment> {
        let start = self.next;
        while self.comments.get(self.next).is_some_and(&keep) {
            self.next += 1;
        }
        self.comments[start..self.next].to_vec()
    }
}

/// Comment lines, with a blank line between groups the source separated.
pub fn group(comments: &[Comment]) -> Vec<CommentLine> {
    let mut lines = Vec::new();
    for (index, comment) in comments.iter().enumerate() {
        if index > 0 && comment.line > comments[index - 1].line + 1 {
            lines.push(CommentLine::Blank);
        }
        lines.push(CommentLine::Text(comment.text.clone()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(line: usize, text: &str, trailing: bool) -> Comment {
        Comment {
            text: text.to_owned(),
            line,
            trailing,
        }
    }

    #[test]
    fn comments_go_to_what_follows_them_with_their_blank_lines() {
        let mut placer = CommentPlacer::new(vec![
            comment(1, " a", false),
            comment(2, " b", false),
            comment(4, " c", false),
            comment(6, " d", true),
            comment(9, " e", false),
        ]);
        assert_eq!(
            placer.above(6),
            vec![
                CommentLine::Text(" a".to_owned()),
                CommentLine::Text(" b".to_owned()),
                CommentLine::Blank,
                CommentLine::Text(" c".to_owned()),
                CommentLine::Blank,
            ]
        );
        assert_eq!(placer.beside(5), None);
        assert_eq!(placer.beside(6), Some(" d".to_owned()));
        assert_eq!(placer.rest(), vec![CommentLine::Text(" e".to_owned())]);
    }
}
