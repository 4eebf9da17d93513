using ThemeClassifier.Reporting;

namespace ThemeClassifier.Tests.Reporting;

public sealed class ChatStructureTests
{
    [Theory]
    [InlineData("Q1 Let's have a poll", 1)]
    [InlineData("Q2: What does cultural readiness mean to you? #LeadingQI", 2)]
    [InlineData("Q3. What are the factors?", 3)]
    [InlineData("Q4 - What experience have you got?", 4)]
    [InlineData("Q5) Asking for a friend", 5)]
    [InlineData("q6: last question of the night", 6)]
    [InlineData("#QIHour Q12: a long chat", 12)]
    public void Classify_NumberedQuestion_IsQuestion(string text, int number)
    {
        var position = ChatStructure.Classify(text);

        Assert.Equal(ChatRole.Question, position.Role);
        Assert.Equal(number, position.Question);
        Assert.False(position.IsRetweet);
        Assert.Equal($"Q{number}", position.QuestionLabel);
    }

    [Theory]
    [InlineData("A1 yes, my first tweetchat", 1)]
    [InlineData("A2: Psychological safety is key", 2)]
    [InlineData("a3 - co-creation with staff", 3)]
    [InlineData("@LouWaters_QI @HelenBevan A4 we invest time in the team", 4)]
    [InlineData("A5.", 5)]
    public void Classify_NumberedAnswer_IsAnswer(string text, int number)
    {
        var position = ChatStructure.Classify(text);

        Assert.Equal(ChatRole.Answer, position.Role);
        Assert.Equal(number, position.Question);
    }

    [Fact]
    public void Classify_RetweetOfAnswer_IsRetweetedAnswer()
    {
        var position = ChatStructure.Classify("RT @HelenBevan: A2 we need to grow change, not drive it #LeadingQI");

        Assert.Equal(ChatRole.Answer, position.Role);
        Assert.Equal(2, position.Question);
        Assert.True(position.IsRetweet);
        Assert.Equal("@HelenBevan", position.RetweetOf);
    }

    [Fact]
    public void Classify_RetweetOfQuestion_IsRetweetedQuestion()
    {
        var position = ChatStructure.Classify("RT @WarwickBSchool: Q3. What are the factors that create a receptive culture?");

        Assert.Equal(new ChatPosition(ChatRole.Question, 3, "@WarwickBSchool"), position);
    }

    [Theory]
    [InlineData("Thanks all, great chat!")]
    [InlineData("A1C levels and QI")]
    [InlineData("Q10x is not a question")]
    [InlineData("Quality first: A2 is later in the text")]
    [InlineData("")]
    public void Classify_NoLeadingNumber_IsOther(string text)
    {
        var position = ChatStructure.Classify(text);

        Assert.Equal(ChatRole.Other, position.Role);
        Assert.Null(position.Question);
    }

    [Theory]
    [InlineData("Q2", 2)]
    [InlineData("q3", 3)]
    [InlineData(" 4 ", 4)]
    public void Classify_QuestionColumn_AssignsAnswer(string column, int number)
    {
        var position = ChatStructure.Classify("Culture needs to be built", column);

        Assert.Equal(new ChatPosition(ChatRole.Answer, number, null), position);
    }

    [Fact]
    public void Classify_QuestionColumnOnQuestionPost_StaysQuestion()
    {
        Assert.Equal(ChatRole.Question, ChatStructure.Classify("Q2: What does it mean?", "Q2").Role);
    }

    [Theory]
    [InlineData("Shared")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseQuestion_NotAQuestion_IsNull(string? value) => Assert.Null(ChatStructure.ParseQuestion(value));
}
